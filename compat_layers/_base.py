"""What every `tf.layers` layer shared: TF1 naming, variable scopes, collections, Keras 2's API.

`LegacyLayer` creates variables with `tf.compat.v1.get_variable` inside the same
variable scopes as TensorFlow's legacy layers, so graph-mode code, `variable_scope`
reuse, graph collections and name-based TF1 checkpoints behave as before, and the
`track_tf1_style_variables` shim captures the variables in TF2 code. A layer
subclass adds its arguments, its input checks, its weights and its computation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import variable_scope as _tf_variable_scope

from compat_layers import _collections, _validation

__all__ = ["LegacyLayer", "LegacyLayerWarning"]


class LegacyLayerWarning(UserWarning):
    """Emitted where the legacy `tf.layers` API warned (its functional forms, `Layer.graph`)."""


def _v1_graph_mode() -> bool:
    """True when building a TF1-style graph (not eager, not inside a tf.function)."""
    return not tf.compat.v1.executing_eagerly_outside_functions()


class LegacyLayer(tf.Module):
    """Base of the compat layers: a `tf.Module` with the behaviour of TF1's `tf.layers.Layer`.

    Subclasses validate their own arguments, then call
    `super().__init__(trainable=..., name=..., activity_regularizer=..., **kwargs)`,
    and implement `_check_input_shape(shape) -> list` (raising before any variable
    exists), `_create_weights(shape)` (through `self._add_weight`) and
    `call(inputs, *, legacy_op_order) -> outputs`.
    """

    _BASE_NAME = "layer"

    def __init__(
        self,
        *,
        trainable: bool = True,
        name: str | None = None,
        activity_regularizer: Any = None,
        **kwargs: Any,
    ) -> None:
        # tf.Module.__init__ is deliberately not called: it opens a name scope at
        # construction, which would take the name the legacy layer's ops get at call
        # time, and it rejects names such as "block/conv" that v1 code passes.
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._dtype = _validation.float_dtype("dtype", kwargs.pop("dtype", None))
        self._autocast = _validation.boolean("autocast", kwargs.pop("autocast", False))
        self._initial_weights = kwargs.pop("weights", None)
        self.dynamic = _validation.boolean("dynamic", kwargs.pop("dynamic", False))
        # Accepted and unused, as in the legacy layer (Keras Sequential models read the shapes).
        for unused in (
            "input_shape",
            "batch_input_shape",
            "batch_size",
            "input_dim",
            "implementation",
        ):
            kwargs.pop(unused, None)
        if kwargs:
            unknown = ", ".join(sorted(kwargs))
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {unknown}. "
                f"Received: {kwargs!r}"
            )
        self.activity_regularizer = _validation.regularizer(
            "activity_regularizer", activity_regularizer
        )
        self._trainable = _validation.boolean("trainable", trainable)
        if name is not None and not isinstance(name, (str, tf.compat.v1.VariableScope)):
            raise _validation.invalid("name", "a string or None", name)

        self.built = False
        self._trainable_weights: list[tf.Variable] = []
        self._non_trainable_weights: list[tf.Variable] = []
        self._weight_loss_fns: list[Callable[[], tf.Tensor]] = []
        self._graph_losses: list[tf.Tensor] = []
        self._unconditional_graph_losses: list[tf.Tensor] = []
        self._call_losses: list[tf.Tensor] = []
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

    # ------------------------------------------------------------- subclass API

    def _check_input_shape(self, shape: tf.TensorShape) -> list[int | None]:
        """The input's dimensions; raises ValueError for inputs the layer cannot take."""
        raise NotImplementedError

    def _create_weights(self, shape: list[int | None]) -> None:
        """Creates the layer's variables through `self._add_weight`."""
        raise NotImplementedError

    def call(self, inputs: tf.Tensor, *, legacy_op_order: bool) -> tf.Tensor:
        """The layer's computation; `legacy_op_order` is set while building a v1 graph."""
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {"name": self._base_name, "trainable": self._trainable, "dtype": self.dtype}

    # ---------------------------------------------------------------- build

    def build(self, input_shape: Any) -> None:
        """Creates the variables for inputs of `input_shape` (normally done by the first call)."""
        shape = self._check_input_shape(tf.TensorShape(input_shape))
        if self.built:
            return
        self._set_scope(None)
        with tf.compat.v1.variable_scope(
            self._scope, reuse=self._reuse, auxiliary_name_scope=False
        ) as scope:
            self._current_scope = scope
            with tf.name_scope(scope.original_name_scope):
                self._build_weights(shape, self._dtype or tf.float32)

    def _build_weights(self, shape: list[int | None], dtype: tf.DType) -> None:
        if self._dtype is None:
            self._dtype = dtype  # variables follow the first input, as in the legacy layer
        self._create_weights(shape)
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
                f"{type(self).__name__} takes a single `inputs` argument. "
                f"Received extra arguments: {args!r} {kwargs!r}"
            )
        inputs = self._convert_inputs(inputs)
        shape = self._check_input_shape(inputs.shape)
        inputs = self._matching_dtype(inputs)
        v1_graph = _v1_graph_mode()
        if self.built and not v1_graph:
            # The variables exist and op names do not matter outside v1 graphs: entering
            # the variable and name scopes again would only add per-call overhead.
            outputs = self.call(inputs, legacy_op_order=False)
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
                    self._build_weights(shape, inputs.dtype.base_dtype)
                outputs = self.call(inputs, legacy_op_order=v1_graph)
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
