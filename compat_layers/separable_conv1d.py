"""`tf.compat.v1.layers.SeparableConv1D` and `separable_conv1d`, rebuilt for Keras 3 installs.

The layer creates its variables with `tf.compat.v1.get_variable` inside the same
variable scopes as TensorFlow's legacy layer, so graph-mode code, `variable_scope`
reuse, graph collections and name-based TF1 checkpoints behave as before, and the
`track_tf1_style_variables` shim captures its variables in TF2 code.
"""

from __future__ import annotations

import functools
import importlib
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import variable_scope as _tf_variable_scope

from compat_layers import _collections, _validation

__all__ = ["SeparableConv1D", "SeparableConvolution1D", "separable_conv1d"]


# The legacy signature's bias default, shared by every layer as it was in TF1.
_ZEROS = tf.compat.v1.zeros_initializer()


class LegacyLayerWarning(UserWarning):
    """Emitted by the functional form, as the legacy `tf.layers` functions warned."""


def _v1_graph_mode() -> bool:
    """True when building a TF1-style graph (not eager, not inside a tf.function)."""
    return not tf.compat.v1.executing_eagerly_outside_functions()


class SeparableConv1D(tf.Module):
    """Depthwise separable 1D convolution with the TF1 `tf.layers` semantics.

    A depthwise convolution acting separately on each input channel, followed by a
    pointwise (1x1) convolution mixing channels, a bias and an activation. Variables
    are named `<scope>/depthwise_kernel`, `<scope>/pointwise_kernel` and `<scope>/bias`
    exactly as `tf.compat.v1.layers.SeparableConv1D` named them.

    Args:
      filters: Integer, the number of output channels.
      kernel_size: Integer (or tuple of one), the length of the depthwise window.
      strides: Integer (or tuple of one), the stride of the depthwise convolution.
        `strides > 1` cannot be combined with `dilation_rate > 1`.
      padding: `"valid"`, `"same"` or `"causal"` (case-insensitive). `"causal"` pads
        `dilation_rate * (kernel_size - 1)` zeros on the left, so `output[t]` depends
        on no input after `t`.
      data_format: `"channels_last"` (`(batch, length, channels)`, default) or
        `"channels_first"` (`(batch, channels, length)`).
      dilation_rate: Integer (or tuple of one), the dilation of the depthwise window.
      depth_multiplier: Number of depthwise output channels per input channel.
      activation: Callable, name of a Keras activation, or None for linear.
      use_bias: Whether to add a bias vector.
      depthwise_initializer: Initializer of the depthwise kernel. None uses the
        enclosing variable scope's initializer (glorot uniform if it has none).
      pointwise_initializer: Initializer of the pointwise kernel, same default.
      bias_initializer: Initializer of the bias (zeros by default).
      depthwise_regularizer: Optional regularizer of the depthwise kernel.
      pointwise_regularizer: Optional regularizer of the pointwise kernel.
      bias_regularizer: Optional regularizer of the bias.
      activity_regularizer: Optional regularizer of the output, divided by the batch size.
      depthwise_constraint: Optional projection applied to the depthwise kernel by
        optimizers (set as `variable.constraint`).
      pointwise_constraint: Same for the pointwise kernel.
      bias_constraint: Same for the bias.
      trainable: Whether the variables go to `TRAINABLE_VARIABLES`.
      name: Layer name. Two layers given the same name get scopes `name`, `name_1`.
      **kwargs: `dtype` (variables' dtype; default: the first input's dtype), and the
        other keyword arguments the legacy layer accepted (`input_shape`,
        `batch_input_shape`, `batch_size`, `input_dim`, `weights`, `autocast`, `dynamic`,
        `implementation`).

    Input shape:
      3D tensor `(batch, length, channels)` for `channels_last`, `(batch, channels,
      length)` for `channels_first`.

    Output shape:
      3D tensor `(batch, new_length, filters)` (or `(batch, filters, new_length)`).

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> layer = compat_layers.SeparableConv1D(4, 3, padding="same")
    >>> layer(np.ones((2, 10, 3), np.float32)).shape
    TensorShape([2, 10, 4])
    >>> [w.shape.as_list() for w in layer.weights]
    [[3, 3, 1], [1, 3, 4], [4]]
    """

    _BASE_NAME = "separable_conv1d"

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str = "channels_last",
        dilation_rate: int | Sequence[int] = 1,
        depth_multiplier: int = 1,
        activation: Callable[[Any], Any] | str | None = None,
        use_bias: bool = True,
        depthwise_initializer: Any = None,
        pointwise_initializer: Any = None,
        bias_initializer: Any = _ZEROS,
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        # tf.Module.__init__ is deliberately not called: it opens a name scope at
        # construction, which would take the name the legacy layer's ops get at call
        # time, and it rejects names such as "block/conv" that v1 code passes.
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        dtype = _validation.float_dtype("dtype", kwargs.pop("dtype", None))
        self._autocast = _validation.boolean("autocast", kwargs.pop("autocast", False))
        self._initial_weights = kwargs.pop("weights", None)
        self._batch_input_shape = _batch_input_shape(kwargs)
        self.dynamic = _validation.boolean("dynamic", kwargs.pop("dynamic", False))
        kwargs.pop("implementation", None)  # accepted and unused, as in the legacy layer
        if kwargs:
            unknown = ", ".join(sorted(kwargs))
            raise TypeError(
                f"Unrecognized keyword arguments passed to SeparableConv1D: {unknown}. "
                f"Received: {kwargs!r}"
            )

        self.filters = _validation.positive_int("filters", filters)
        self.kernel_size = _validation.single_int_tuple("kernel_size", kernel_size)
        self.strides = _validation.single_int_tuple("strides", strides)
        self.padding = _validation.padding(padding)
        self.data_format = _validation.data_format(data_format)
        self.dilation_rate = _validation.single_int_tuple("dilation_rate", dilation_rate)
        _validation.strides_and_dilation(self.strides, self.dilation_rate)
        self.depth_multiplier = _validation.positive_int("depth_multiplier", depth_multiplier)
        self.activation = _validation.activation(activation)
        self.use_bias = _validation.boolean("use_bias", use_bias)
        self.depthwise_initializer = _validation.initializer(
            "depthwise_initializer", depthwise_initializer
        )
        self.pointwise_initializer = _validation.initializer(
            "pointwise_initializer", pointwise_initializer
        )
        self.bias_initializer = _validation.initializer("bias_initializer", bias_initializer)
        self.depthwise_regularizer = _validation.regularizer(
            "depthwise_regularizer", depthwise_regularizer
        )
        self.pointwise_regularizer = _validation.regularizer(
            "pointwise_regularizer", pointwise_regularizer
        )
        self.bias_regularizer = _validation.regularizer("bias_regularizer", bias_regularizer)
        self.activity_regularizer = _validation.regularizer(
            "activity_regularizer", activity_regularizer
        )
        self.depthwise_constraint = _validation.constraint(
            "depthwise_constraint", depthwise_constraint
        )
        self.pointwise_constraint = _validation.constraint(
            "pointwise_constraint", pointwise_constraint
        )
        self.bias_constraint = _validation.constraint("bias_constraint", bias_constraint)
        self._trainable = _validation.boolean("trainable", trainable)
        if name is not None and not isinstance(name, (str, tf.compat.v1.VariableScope)):
            raise _validation.invalid("name", "a string or None", name)

        self._dtype = dtype
        self.built = False
        self.depthwise_kernel: tf.Variable | None = None
        self.pointwise_kernel: tf.Variable | None = None
        self.bias: tf.Variable | None = None
        self._trainable_weights: list[tf.Variable] = []
        self._non_trainable_weights: list[tf.Variable] = []
        self._weight_loss_fns: list[Callable[[], tf.Tensor]] = []
        self._graph_losses: list[tf.Tensor] = []
        self._unconditional_graph_losses: list[tf.Tensor] = []
        self._call_losses: list[tf.Tensor] = []
        self._input_channels: int | None = None
        self._current_scope: tf.compat.v1.VariableScope | None = None

        if isinstance(name, tf.compat.v1.VariableScope):
            self._base_name = name.name
            self._name = _collections.unique_layer_name(self._BASE_NAME)
        elif name:
            self._base_name = self._name = name
        else:
            self._name = _collections.unique_layer_name(self._BASE_NAME)
            self._base_name = self._BASE_NAME
        if scope:
            with tf.compat.v1.variable_scope(scope) as captured_scope:
                self._scope: tf.compat.v1.VariableScope | None = captured_scope
        else:
            self._scope = None

    # ------------------------------------------------------------------ naming

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> tf.name_scope:
        """The name scope of the layer's ops (its variable scope's, once called)."""
        if self._current_scope is not None:
            return tf.name_scope(self._current_scope.original_name_scope)
        return tf.name_scope(self._name)

    @property
    def scope_name(self) -> str:
        if self._scope is None:
            raise ValueError(
                f'No name available for layer scope because the layer "{self._name}" has not '
                "been used yet. The scope name is determined the first time the layer "
                "instance is called. Call the layer before querying `scope_name`."
            )
        return self._scope.name

    @property
    def graph(self) -> None:
        warnings.warn(
            "`Layer.graph` is deprecated: tf.layers layers do not track their graph, and "
            "this property always returns None.",
            LegacyLayerWarning,
            stacklevel=2,
        )
        if tf.executing_eagerly():
            raise RuntimeError("Layer.graph is not supported when executing eagerly.")
        return None

    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is not None:
            return
        if self._reuse:
            # Reusing an unnamed layer means reusing the first one: no uniquifying.
            with tf.compat.v1.variable_scope(
                scope if scope is not None else self._base_name
            ) as captured_scope:
                self._scope = captured_scope
        else:
            with tf.compat.v1.variable_scope(scope, default_name=self._base_name) as captured_scope:
                self._scope = captured_scope

    # ---------------------------------------------------------------- dtype etc.

    @property
    def dtype(self) -> str | None:
        return self._dtype.name if self._dtype is not None else None

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = _validation.boolean("trainable", value)

    @property
    def input_spec(self) -> dict[str, Any]:
        """The shape constraint on inputs: rank 3, and the channel count once built."""
        axis = -1 if self.data_format == "channels_last" else 1
        axes = {axis: self._input_channels} if self._input_channels is not None else {}
        return {"ndim": 3, "axes": axes}

    # ------------------------------------------------------------- weights API

    @property
    def trainable_weights(self) -> list[tf.Variable]:
        return list(self._trainable_weights) if self._trainable else []

    @property
    def non_trainable_weights(self) -> list[tf.Variable]:
        if self._trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self) -> list[tf.Variable]:
        return self.trainable_weights + self.non_trainable_weights

    # tf.Module names these as tuples; the legacy layer returned lists in weight order.
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer {self._name}, but the layer isn't "
                f"built. You can build it manually via: `{self._name}.build(batch_input_shape)`."
            )
        return int(sum(math.prod(w.shape.as_list()) for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """The weights' current values as NumPy arrays (a default session in graph mode)."""
        weights = self.weights
        if not weights:
            return []
        if tf.executing_eagerly():
            return [w.numpy() for w in weights]
        return _graph_session("get_weights").run(weights)

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Assigns NumPy arrays to the weights, checking count and shapes first."""
        params = self.weights
        if len(weights) != len(params):
            raise ValueError(
                f"Invalid value for argument `weights`. Layer {self._name} expects "
                f"{len(params)} weights with shapes "
                f"{[tuple(p.shape.as_list()) for p in params]}, but received {len(weights)} "
                "weights."
            )
        values = []
        for param, value in zip(params, weights, strict=True):
            value = np.asarray(value)
            expected = tuple(param.shape.as_list())
            if value.shape != expected:
                raise ValueError(
                    f"Invalid value for argument `weights`. Layer {self._name} weight "
                    f"{param.name} has shape {expected}, but received a value of shape "
                    f"{value.shape}."
                )
            values.append(value.astype(param.dtype.as_numpy_dtype))
        if tf.executing_eagerly():
            for param, value in zip(params, values, strict=True):
                param.assign(value)
        else:
            session = _graph_session("set_weights")
            for param, value in zip(params, values, strict=True):
                param.load(value, session)

    # ------------------------------------------------------------ losses API

    @property
    def losses(self) -> list[tf.Tensor]:
        """Regularization losses: one per weight regularizer, then the activity losses."""
        if self._graph_losses:
            return list(self._graph_losses)
        return [fn() for fn in self._weight_loss_fns] + list(self._call_losses)

    def get_losses_for(self, inputs: Any) -> list[tf.Tensor]:
        """The losses that depend on `inputs`; with None, those that depend on no input."""
        if inputs is None:
            if self._graph_losses:
                return list(self._unconditional_graph_losses)
            return [fn() for fn in self._weight_loss_fns]
        conditional = [
            loss
            for loss in self.losses
            if not any(loss is u for u in self._unconditional_graph_losses)
        ]
        return _reachable_from(tf.nest.flatten(inputs), conditional)

    @property
    def updates(self) -> list[Any]:
        """The layer has no update ops (kept for API compatibility)."""
        return []

    def get_updates_for(self, inputs: Any) -> list[Any]:
        return []

    # -------------------------------------------------------- per-call records
    # tf.layers layers never record Keras inbound nodes (those exist only for Keras
    # symbolic inputs), so these raise exactly as the legacy layer's did.

    def _never_connected(self, what: str) -> RuntimeError:
        return RuntimeError(f"The layer has never been called and thus has no defined {what}.")

    def get_input_at(self, node_index: int) -> tf.Tensor:
        raise self._never_connected("input")

    def get_output_at(self, node_index: int) -> tf.Tensor:
        raise self._never_connected("output")

    def get_input_shape_at(self, node_index: int) -> tuple:
        raise self._never_connected("input shape")

    def get_output_shape_at(self, node_index: int) -> tuple:
        raise self._never_connected("output shape")

    @property
    def input(self) -> tf.Tensor:
        raise AttributeError(f"Layer {self._name} is not connected, no input to return.")

    @property
    def output(self) -> tf.Tensor:
        raise AttributeError(f"Layer {self._name} has no inbound nodes.")

    @property
    def input_shape(self) -> tuple:
        raise AttributeError(
            f'The layer "{self._name}" has never been called and thus has no defined input '
            "shape. Note that the `input_shape` property is only available for Functional "
            "and Sequential models."
        )

    @property
    def output_shape(self) -> tuple:
        raise AttributeError(
            "The layer has never been called and thus has no defined output shape."
        )

    # ------------------------------------------------------------ shape logic

    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def _output_length(self, length: int | None) -> int | None:
        if length is None:
            return None
        (kernel,), (stride,), (dilation,) = self.kernel_size, self.strides, self.dilation_rate
        if self.padding == "valid":
            span = (kernel - 1) * dilation + 1
            return (length - span + stride) // stride
        return (length + stride - 1) // stride

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        """The output shape for `input_shape`, checking it as a call would."""
        shape = self._checked_input_shape(tf.TensorShape(input_shape))
        length_axis = 1 if self.data_format == "channels_last" else 2
        new_length = self._output_length(shape[length_axis])
        if self.data_format == "channels_last":
            return tf.TensorShape([shape[0], new_length, self.filters])
        return tf.TensorShape([shape[0], self.filters, new_length])

    def _checked_input_shape(self, shape: tf.TensorShape) -> list[int | None]:
        if shape.rank != 3:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects a 3D input "
                f"({'(batch, length, channels)' if self.data_format == 'channels_last' else '(batch, channels, length)'}"  # noqa: E501
                f" for data_format='{self.data_format}'). Received: inputs with shape {shape}"
            )
        dims = shape.as_list()
        channels = dims[self._channel_axis()]
        if channels is None:
            raise ValueError(
                f"Invalid value for argument `inputs`. The channel dimension (axis "
                f"{self._channel_axis() % 3}) of the inputs of layer {self._name} must be known. "
                f"Received: inputs with shape {shape}"
            )
        if self._input_channels is not None and channels != self._input_channels:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} was built for "
                f"{self._input_channels} input channels. Received: inputs with shape {shape}"
            )
        length = dims[1 if self.data_format == "channels_last" else 2]
        if self.padding == "valid" and length is not None:
            span = (self.kernel_size[0] - 1) * self.dilation_rate[0] + 1
            if length < span:
                raise ValueError(
                    f"Invalid value for argument `inputs`. With padding='valid', "
                    f"kernel_size={self.kernel_size[0]} and "
                    f"dilation_rate={self.dilation_rate[0]}, layer {self._name} needs inputs "
                    f"of length >= {span}. Received: inputs with shape {shape}"
                )
        return dims

    # ---------------------------------------------------------------- build

    def build(self, input_shape: Any) -> None:
        """Creates the variables for inputs of `input_shape` (normally done by the first call)."""
        shape = self._checked_input_shape(tf.TensorShape(input_shape))
        if self.built:
            return
        self._set_scope(None)
        with tf.compat.v1.variable_scope(
            self._scope, reuse=self._reuse, auxiliary_name_scope=False
        ) as scope:
            self._current_scope = scope
            with tf.name_scope(scope.original_name_scope):
                self._create_weights(shape[self._channel_axis()], self._dtype or tf.float32)

    def _create_weights(self, channels: int, dtype: tf.DType) -> None:
        if self._dtype is None:
            self._dtype = dtype
        (kernel,) = self.kernel_size
        self.depthwise_kernel = self._add_weight(
            "depthwise_kernel",
            (kernel, channels, self.depth_multiplier),
            self.depthwise_initializer,
            self.depthwise_regularizer,
            self.depthwise_constraint,
        )
        self.pointwise_kernel = self._add_weight(
            "pointwise_kernel",
            (1, channels * self.depth_multiplier, self.filters),
            self.pointwise_initializer,
            self.pointwise_regularizer,
            self.pointwise_constraint,
        )
        if self.use_bias:
            self.bias = self._add_weight(
                "bias",
                (self.filters,),
                self.bias_initializer,
                self.bias_regularizer,
                self.bias_constraint,
            )
        self._input_channels = channels
        self.built = True
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    def _add_weight(
        self,
        name: str,
        shape: tuple[int, ...],
        initializer: Any,
        regularizer: Any,
        constraint: Any,
    ) -> tf.Variable:
        if initializer is None:
            # The enclosing variable scope's default reaches the kernels (and a bias whose
            # initializer was set to None), as it did for the legacy layer.
            initializer = tf.compat.v1.get_variable_scope().initializer
        if initializer is None:
            initializer = tf.compat.v1.glorot_uniform_initializer()
        v1_graph = _v1_graph_mode()
        if v1_graph:
            global_variables = tf.compat.v1.get_collection_ref(
                tf.compat.v1.GraphKeys.GLOBAL_VARIABLES
            )
            known = len(global_variables)
        variable = tf.compat.v1.get_variable(
            name,
            shape=shape,
            dtype=self._dtype,
            initializer=initializer,
            trainable=self._trainable,
            constraint=constraint,
        )
        if self._trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        # get_variable appends to GLOBAL_VARIABLES only when it creates the variable:
        # reusing one adds no second regularization loss, as in the legacy layer. Outside
        # v1 graphs losses are evaluated on demand, so they are recorded every time.
        if regularizer is not None and (not v1_graph or len(global_variables) > known):
            self._add_weight_regularizer(name, variable, regularizer)
        return variable

    def _add_weight_regularizer(self, name: str, variable: tf.Variable, regularizer: Any) -> None:
        def weight_loss() -> tf.Tensor:
            with tf.name_scope(f"{name}/Regularizer"):
                return regularizer(variable)

        # Inside track_tf1_style_variables the shim's store collects regularizers so the
        # decorated module reports them.
        store = _tf_variable_scope._get_default_variable_store()  # noqa: SLF001
        if hasattr(store, "add_regularizer"):
            store.add_regularizer(variable, regularizer)
        if _v1_graph_mode():
            loss = weight_loss()
            self._graph_losses.append(loss)
            self._unconditional_graph_losses.append(loss)
            _collections.add_to_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES, [loss])
        else:
            self._weight_loss_fns.append(weight_loss)

    # ---------------------------------------------------------------- call

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
        """Applies the layer; the first call creates the variables in the layer's scope."""
        scope = kwargs.pop("scope", None)
        if args or kwargs:
            raise TypeError(
                f"SeparableConv1D takes a single `inputs` argument. Received extra arguments: "
                f"{args!r} {kwargs!r}"
            )
        inputs = self._convert_inputs(inputs)
        shape = self._checked_input_shape(inputs.shape)
        inputs = self._matching_dtype(inputs)
        v1_graph = _v1_graph_mode()
        if self.built and not v1_graph:
            # The variables exist and op names do not matter outside v1 graphs: entering
            # the variable and name scopes again would only add per-call overhead.
            outputs = self._forward(inputs, legacy_op_order=False)
            self._record_activity_loss(outputs, v1_graph=False)
            return outputs
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with tf.compat.v1.variable_scope(
            self._scope, reuse=reuse, auxiliary_name_scope=False
        ) as variable_scope:
            self._current_scope = variable_scope
            with tf.name_scope(variable_scope.original_name_scope):
                if not self.built:
                    self._create_weights(shape[self._channel_axis()], inputs.dtype.base_dtype)
                outputs = self._forward(inputs, legacy_op_order=v1_graph)
                self._record_activity_loss(outputs, v1_graph=v1_graph)
        return outputs

    def _matching_dtype(self, inputs: tf.Tensor) -> tf.Tensor:
        """The input in the layer's dtype (checked before any variable is created)."""
        if self._dtype is None or inputs.dtype.base_dtype == self._dtype:
            return inputs
        if self._autocast:
            return tf.cast(inputs, self._dtype)
        raise ValueError(
            f"Invalid value for argument `inputs`. Layer {self._name} has dtype "
            f"{self._dtype.name}. Received: inputs with dtype {inputs.dtype.name}"
        )

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> tf.Tensor:
        """Same as calling the layer (the TF1 spelling)."""
        return self(inputs, *args, **kwargs)

    def _convert_inputs(self, inputs: Any) -> tf.Tensor:
        if tf.is_tensor(inputs) or isinstance(inputs, tf.Variable):
            tensor = tf.convert_to_tensor(inputs)
        else:  # NumPy arrays and lists, as Keras layers accept them
            tensor = tf.convert_to_tensor(inputs)
            if self._dtype is not None and tensor.dtype != self._dtype:
                tensor = tf.cast(tensor, self._dtype)
        if tensor.dtype.base_dtype not in _validation.FLOAT_DTYPES:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects a floating "
                f"point input. Received: inputs with dtype {tensor.dtype.name}"
            )
        return tensor

    def _forward(self, inputs: tf.Tensor, *, legacy_op_order: bool) -> tf.Tensor:
        if self.data_format == "channels_first":
            # TensorFlow's CPU depthwise kernels only support NHWC; transposing is exact.
            inputs = tf.transpose(inputs, [0, 2, 1])
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            inputs = tf.pad(inputs, [[0, 0], [left, 0], [0, 0]], name="Pad")
            op_padding = "VALID"
        else:
            op_padding = self.padding.upper()
        # Op names follow the legacy layer so graphs that fetch tensors by name still work.
        outputs = tf.compat.v1.nn.separable_conv2d(
            tf.expand_dims(inputs, 1, name="ExpandDims"),
            tf.expand_dims(self.depthwise_kernel, 0, name="ExpandDims_1"),
            tf.expand_dims(self.pointwise_kernel, 0, name="ExpandDims_2"),
            # The row axis has size 1; the depthwise op wants equal row and column strides.
            strides=(1, self.strides[0], self.strides[0], 1),
            padding=op_padding,
            rate=(1, self.dilation_rate[0]),
            data_format="NHWC",
        )
        if legacy_op_order:
            # The legacy op order, so a v1 graph's output tensor keeps its name
            # (".../Squeeze:0"); the numbers are identical in either order.
            if self.use_bias:
                outputs = tf.nn.bias_add(outputs, self.bias, data_format="NHWC", name="BiasAdd")
            outputs = tf.squeeze(outputs, [1], name="Squeeze")
        else:
            # Squeezing before the bias add is exact and cheaper for the backward pass.
            outputs = tf.squeeze(outputs, [1], name="Squeeze")
            if self.use_bias:
                outputs = tf.nn.bias_add(outputs, self.bias, data_format="NWC", name="BiasAdd")
        if self.data_format == "channels_first":
            outputs = tf.transpose(outputs, [0, 2, 1])
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def _record_activity_loss(self, outputs: tf.Tensor, *, v1_graph: bool) -> None:
        if not v1_graph and self._call_losses:
            self._call_losses = []  # a new call's losses replace the last call's
        if self.activity_regularizer is None:
            return
        with tf.name_scope("ActivityRegularizer"):
            loss = self.activity_regularizer(outputs)
            batch = tf.cast(tf.shape(outputs)[0], loss.dtype)
            # The legacy layer made activity regularization independent of batch size.
            loss = loss / batch
        if v1_graph:
            self._graph_losses.append(loss)
            _collections.add_to_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES, [loss])
        else:
            self._call_losses.append(loss)

    def convolution_op(self, inputs: tf.Tensor, kernel: tf.Tensor) -> tf.Tensor:
        """A plain (non-separable) convolution of `inputs` with `kernel` (Keras' Conv API)."""
        op_padding = "VALID" if self.padding == "causal" else self.padding.upper()
        return tf.nn.convolution(
            inputs,
            kernel,
            strides=list(self.strides),
            padding=op_padding,
            dilations=list(self.dilation_rate),
            data_format="NWC" if self.data_format == "channels_last" else "NCW",
            name=type(self).__name__,
        )

    # --------------------------------------------------------------- config

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument; objects as `{"class_name", "module", "config"}`."""
        return {
            "name": self._base_name,
            "trainable": self._trainable,
            "dtype": self.dtype,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "depth_multiplier": self.depth_multiplier,
            "activation": _serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": _serialize(self.depthwise_initializer),
            "pointwise_initializer": _serialize(self.pointwise_initializer),
            "bias_initializer": _serialize(self.bias_initializer),
            "depthwise_regularizer": _serialize(self.depthwise_regularizer),
            "pointwise_regularizer": _serialize(self.pointwise_regularizer),
            "bias_regularizer": _serialize(self.bias_regularizer),
            "activity_regularizer": _serialize(self.activity_regularizer),
            "depthwise_constraint": _serialize(self.depthwise_constraint),
            "pointwise_constraint": _serialize(self.pointwise_constraint),
            "bias_constraint": _serialize(self.bias_constraint),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeparableConv1D:
        config = {key: _deserialize(value) for key, value in config.items()}
        return cls(**config)

    def __repr__(self) -> str:
        return (
            f"<compat_layers.SeparableConv1D name={self._name} filters={self.filters} "
            f"kernel_size={self.kernel_size[0]} built={self.built}>"
        )


SeparableConvolution1D = SeparableConv1D


def separable_conv1d(
    inputs: Any,
    filters: int,
    kernel_size: int | Sequence[int],
    strides: int | Sequence[int] = 1,
    padding: str = "valid",
    data_format: str = "channels_last",
    dilation_rate: int | Sequence[int] = 1,
    depth_multiplier: int = 1,
    activation: Callable[[Any], Any] | str | None = None,
    use_bias: bool = True,
    depthwise_initializer: Any = None,
    pointwise_initializer: Any = None,
    bias_initializer: Any = _ZEROS,
    depthwise_regularizer: Any = None,
    pointwise_regularizer: Any = None,
    bias_regularizer: Any = None,
    activity_regularizer: Any = None,
    depthwise_constraint: Any = None,
    pointwise_constraint: Any = None,
    bias_constraint: Any = None,
    trainable: bool = True,
    name: str | None = None,
    reuse: bool | Any = None,
) -> tf.Tensor:
    """Functional form of `SeparableConv1D`: builds the layer and applies it to `inputs`.

    `name` is the variable scope (repeating it without `reuse` raises, as in TF1) and
    `reuse=True` or `tf.compat.v1.AUTO_REUSE` shares the variables of an earlier call
    with the same name. The other arguments are those of `SeparableConv1D`.

    Returns:
      The output tensor.

    Example:

    >>> import tensorflow as tf
    >>> import compat_layers
    >>> with tf.Graph().as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32, [None, 16, 8])
    ...     with tf.compat.v1.variable_scope("enc"):
    ...         y = compat_layers.separable_conv1d(x, 4, 3, name="c1")
    ...     [v.name for v in tf.compat.v1.global_variables()]
    ['enc/c1/depthwise_kernel:0', 'enc/c1/pointwise_kernel:0', 'enc/c1/bias:0']
    """
    warnings.warn(
        "`compat_layers.separable_conv1d` keeps TF1 code running; its Keras 3 replacement is "
        "`tf.keras.layers.SeparableConv1D`, and `tf1-migrate` (this project's codemod) "
        "rewrites such calls for you.",
        LegacyLayerWarning,
        stacklevel=2,
    )
    layer = SeparableConv1D(
        filters=filters,
        kernel_size=kernel_size,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
        depth_multiplier=depth_multiplier,
        activation=activation,
        use_bias=use_bias,
        depthwise_initializer=depthwise_initializer,
        pointwise_initializer=pointwise_initializer,
        bias_initializer=bias_initializer,
        depthwise_regularizer=depthwise_regularizer,
        pointwise_regularizer=pointwise_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        depthwise_constraint=depthwise_constraint,
        pointwise_constraint=pointwise_constraint,
        bias_constraint=bias_constraint,
        trainable=trainable,
        name=name,
        _reuse=reuse,
        _scope=name,
    )
    return layer(inputs)


# ---------------------------------------------------------------- helpers


def _batch_input_shape(kwargs: dict[str, Any]) -> tuple | None:
    """Pops the Keras input-shape keywords the legacy layer accepted; returns the batch shape."""
    batch_input_shape = kwargs.pop("batch_input_shape", None)
    input_shape = kwargs.pop("input_shape", None)
    batch_size = kwargs.pop("batch_size", None)
    input_dim = kwargs.pop("input_dim", None)
    if input_shape is None and input_dim is not None:
        input_shape = (input_dim,)
    if batch_input_shape is None and input_shape is not None:
        batch_input_shape = (batch_size, *tuple(input_shape))
    return tuple(batch_input_shape) if batch_input_shape is not None else None


def _graph_session(method: str) -> tf.compat.v1.Session:
    session = tf.compat.v1.get_default_session()
    if session is None:
        raise RuntimeError(
            f"`{method}` in graph mode reads variables through a session: call it inside "
            "`with session.as_default():` (or `with tf.compat.v1.Session() as session:`)."
        )
    return session


def _reachable_from(sources: list[Any], targets: list[tf.Tensor]) -> list[tf.Tensor]:
    """The targets whose computation reads any of `sources` (graph tensors)."""
    source_ids = {id(s) for s in sources if hasattr(s, "op")}
    source_ops = {id(s.op) for s in sources if hasattr(s, "op")}
    found = []
    for target in targets:
        stack, seen = [target], set()
        while stack:
            tensor = stack.pop()
            if id(tensor) in source_ids or id(getattr(tensor, "op", None)) in source_ops:
                found.append(target)
                break
            op = getattr(tensor, "op", None)
            if op is None or id(op) in seen:
                continue
            seen.add(id(op))
            stack.extend(op.inputs)
    return found


def _serialize(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "get_config"):
        return {
            "class_name": type(value).__qualname__,
            "module": type(value).__module__,
            "config": value.get_config(),
        }
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", "")
    if module and qualname and "<" not in qualname:
        return {"function": qualname, "module": module}
    # Lambdas and closures cannot be named: the config keeps the object itself.
    return value


def _deserialize(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "function" in value and "module" in value:
        return functools.reduce(
            getattr, value["function"].split("."), importlib.import_module(value["module"])
        )
    if {"class_name", "module", "config"} <= value.keys():
        cls = functools.reduce(
            getattr, value["class_name"].split("."), importlib.import_module(value["module"])
        )
        return (
            cls.from_config(value["config"])
            if hasattr(cls, "from_config")
            else cls(**value["config"])
        )
    return value
