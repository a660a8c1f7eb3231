"""`Conv`: the base of every `tf.compat.v1.layers` convolution, parameterised by rank.

The kinds (`_conv_kinds.ConvTranspose`, `SeparableConv`) change only their arguments,
weights and ops. Every layer runs the TensorFlow ops the legacy layer ran, in its order:
bit-identical numbers, legacy v1 tensor names. Where a CPU kernel lacks the
`channels_first` layout (oneDNN off, no GPU), the layer transposes exactly around it.
"""

from __future__ import annotations

import inspect
from typing import Any

import tensorflow as tf

from compat_layers import _config, _validation
from compat_layers._conv_utils import (
    CHANNELS_FIRST_FORMATS,
    CHANNELS_LAST_FORMATS,
    ZEROS,
    int_tuple,
    native_channels_first,
    permutation,
)
from compat_layers.base import Layer
from compat_layers.input_spec import InputSpec

__all__ = ["Conv"]


class Conv(Layer):
    """Base of the plain convolutions `Conv1D`, `Conv2D` and `Conv3D` (rank `_RANK`).

    Args:
      filters: Integer, the number of output channels.
      kernel_size: Integer or tuple of `rank` integers, the window size.
      strides: Integer or tuple of `rank` integers. Strides > 1 cannot be combined
        with `dilation_rate` > 1.
      padding: `"valid"` or `"same"` (case-insensitive); the 1D layers also take
        `"causal"` (left padding, `output[t]` sees no input after `t`).
      data_format: `"channels_last"` (default) or `"channels_first"`.
      dilation_rate: Integer or tuple of `rank` integers.
      activation: Callable, name of a Keras activation, or None for linear.
      use_bias: Whether to add a bias vector.
      kernel_initializer: None uses the variable scope's initializer (else glorot uniform).
      bias_initializer: Initializer of the bias (zeros by default).
      kernel_regularizer, bias_regularizer: Optional regularizers of the weights.
      activity_regularizer: Optional regularizer of the output, divided by the batch size.
      kernel_constraint, bias_constraint: Optional projections (`variable.constraint`).
      trainable: Whether the variables go to `TRAINABLE_VARIABLES`.
      name: Layer name (and variable scope).
      **kwargs: `dtype` and the other arguments of `compat_layers.Layer`.
    """

    _RANK = 2
    _FLOAT_INPUTS = True
    _OP_NAME = "Conv2D"  # the legacy `tf.nn.convolution(name=...)`: the class name
    _CAUSAL = False  # whether "causal" padding is allowed (the 1D layers)
    _NCHW_NEEDS_GPU = False  # legacy Conv2DTranspose ran NCHW only on a GPU
    _VALID_NEEDS_SPAN = True  # "valid" needs inputs at least as long as the dilated kernel
    _BATCH_DIMS = True  # inputs may have extra leading batch axes (legacy min_ndim)
    _WEIGHTS = {"kernel": "kernel", "bias": "bias"}  # argument prefix -> variable attribute

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str = "channels_last",
        dilation_rate: Any = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = None,
        bias_initializer: Any = ZEROS,
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._set_common(filters, kernel_size, strides, padding, data_format, dilation_rate)
        self._set_weight_arguments(
            activation,
            use_bias,
            kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
            bias=(bias_initializer, bias_regularizer, bias_constraint),
        )
        super().__init__(trainable, name, activity_regularizer=activity_regularizer, **kwargs)
        self._set_input_spec()

    def _set_input_spec(self, axes: dict | None = None) -> None:
        ndim = self._RANK + 2
        if self._BATCH_DIMS:
            self.input_spec = InputSpec(min_ndim=ndim, axes=axes)
        else:
            self.input_spec = InputSpec(ndim=ndim, axes=axes)

    # --------------------------------------------------------------- arguments

    def _set_common(self, filters, kernel_size, strides, padding, data_format, dilation) -> None:
        rank = self._RANK
        self.rank = rank
        self.filters = _validation.positive_int("filters", filters)
        self.kernel_size = int_tuple("kernel_size", kernel_size, rank)
        self.strides = int_tuple("strides", strides, rank)
        if not isinstance(padding, str) or padding.lower() not in ("valid", "same", "causal"):
            raise _validation.invalid("padding", "'valid' or 'same' (case-insensitive)", padding)
        self.padding = padding.lower()
        if self.padding == "causal" and not self._CAUSAL:
            raise _validation.invalid(
                "padding",
                f"'valid' or 'same': causal padding is only supported for Conv1D and "
                f"SeparableConv1D, not {type(self).__name__}",
                padding,
            )
        self.data_format = _validation.data_format(data_format)
        self.dilation_rate = int_tuple("dilation_rate", dilation, rank)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Invalid value for arguments `strides` and `dilation_rate`. `strides > 1` is "
                "not supported together with `dilation_rate > 1`. "
                f"Received: strides={self.strides}, dilation_rate={self.dilation_rate}"
            )

    def _set_weight_arguments(self, activation, use_bias, **weights) -> None:
        """`weights` maps each weight to its (initializer, regularizer, constraint)."""
        self.activation = _validation.activation(activation)
        self.use_bias = _validation.boolean("use_bias", use_bias)
        for weight, (initializer, regularizer, constraint) in weights.items():
            setattr(self, self._WEIGHTS[weight], None)
            for suffix, check, value in (
                ("initializer", _validation.initializer, initializer),
                ("regularizer", _validation.regularizer, regularizer),
                ("constraint", _validation.constraint, constraint),
            ):
                setattr(self, f"{weight}_{suffix}", check(f"{weight}_{suffix}", value))
        self._input_channels: int | None = None

    # ------------------------------------------------------------- shape logic

    def _channel_axis(self, ndim: int) -> int:
        return ndim - 1 if self.data_format == "channels_last" else ndim - 1 - self._RANK

    def _spatial_axes(self, ndim: int) -> range:
        first = ndim - 1 - self._RANK if self.data_format == "channels_last" else ndim - self._RANK
        return range(first, first + self._RANK)

    def _output_length(self, length: int | None, i: int) -> int | None:
        if length is None:
            return None
        if self.padding == "valid":
            span = (self.kernel_size[i] - 1) * self.dilation_rate[i] + 1
            return (length - span + self.strides[i]) // self.strides[i]
        return (length + self.strides[i] - 1) // self.strides[i]

    def _check_input_shape(self, shape: tf.TensorShape) -> list[int | None]:
        ndim = self._RANK + 2
        if shape.rank is None or shape.rank < ndim or (shape.rank > ndim and not self._BATCH_DIMS):
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects a {ndim}D "
                f"input ({self.data_format}): expected ndim={ndim}, found ndim={shape.rank}. "
                f"Received: inputs with shape {shape}"
            )
        dims = shape.as_list()
        axis = self._channel_axis(len(dims))
        if dims[axis] is None:
            raise ValueError(
                "Invalid value for argument `inputs`. The channel dimension of the inputs "
                f"should be defined (axis {axis - len(dims)} of the inputs of layer {self._name}). "
                f"Received: inputs with shape {shape}"
            )
        if self._input_channels is not None and dims[axis] != self._input_channels:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} was built for "
                f"{self._input_channels} input channels: expected axis "
                f"{axis - len(dims)} of input shape to have "
                f"value {self._input_channels}. Received: inputs with shape {shape}"
            )
        if self.padding == "valid" and self._VALID_NEEDS_SPAN:
            spans = [
                (k - 1) * d + 1 for k, d in zip(self.kernel_size, self.dilation_rate, strict=True)
            ]
            lengths = [dims[a] for a in self._spatial_axes(len(dims))]
            if any(n is not None and n < s for n, s in zip(lengths, spans, strict=True)):
                raise ValueError(
                    f"Invalid value for argument `inputs`. With padding='valid', "
                    f"kernel_size={self.kernel_size} and dilation_rate={self.dilation_rate}, "
                    f"layer {self._name} needs spatial dimensions >= {tuple(spans)}. "
                    f"Received: inputs with shape {shape}"
                )
        return dims

    def _check_inputs(self, inputs: tf.Tensor) -> None:
        self._check_input_shape(inputs.shape)

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        """The output shape for `input_shape`, checking it as a call would."""
        dims = self._check_input_shape(tf.TensorShape(input_shape))
        for i, axis in enumerate(self._spatial_axes(len(dims))):
            dims[axis] = self._output_length(dims[axis], i)
        dims[self._channel_axis(len(dims))] = self.filters
        return tf.TensorShape(dims)

    # ------------------------------------------------------------------ build

    def _weight_shapes(self, channels: int) -> dict[str, tuple[int, ...]]:
        return {"kernel": (*self.kernel_size, channels, self.filters), "bias": (self.filters,)}

    def build(self, input_shape: Any) -> None:
        """Creates the weights (legacy names and shapes) for inputs of `input_shape`."""
        dims = self._check_input_shape(tf.TensorShape(input_shape))
        channels = dims[self._channel_axis(len(dims))]
        for weight, shape in self._weight_shapes(channels).items():
            if weight != "bias" or self.use_bias:
                variable = self.add_weight(
                    self._WEIGHTS[weight],
                    shape,
                    initializer=getattr(self, f"{weight}_initializer"),
                    regularizer=getattr(self, f"{weight}_regularizer"),
                    constraint=getattr(self, f"{weight}_constraint"),
                )
                setattr(self, self._WEIGHTS[weight], variable)
        self._input_channels = channels
        axis = -1 if self.data_format == "channels_last" else -1 - self._RANK
        self._set_input_spec({axis: channels})
        self._prepare_call()
        super().build(input_shape)

    def _prepare_call(self) -> None:
        """Precomputes what `call` needs, so a call only runs ops."""
        rank, first = self._RANK, self.data_format == "channels_first"
        self._transpose = first and not native_channels_first(self._NCHW_NEEDS_GPU)
        self._op_format = (
            CHANNELS_FIRST_FORMATS if first and not self._transpose else CHANNELS_LAST_FORMATS
        )[rank]
        self._op_padding = "VALID" if self.padding == "causal" else self.padding.upper()
        # Row and column strides of 1D separable convolutions, which run as 2D ones.
        strides = self.strides * 2 if rank == 1 and "depthwise" in self._WEIGHTS else self.strides
        nc = self._op_format.startswith("NC")
        self._op_strides = [1, 1, *strides] if nc else [1, *strides, 1]

    # ------------------------------------------------------------------- call

    def convolution_op(self, inputs: tf.Tensor, kernel: tf.Tensor) -> tf.Tensor:
        """The plain convolution of `inputs` with `kernel` in the layer's data format."""
        formats = CHANNELS_FIRST_FORMATS if self.data_format == "channels_first" else None
        return self._convolve(inputs, kernel, (formats or CHANNELS_LAST_FORMATS)[self._RANK])

    def _convolve(self, inputs: tf.Tensor, kernel: tf.Tensor, data_format: str) -> tf.Tensor:
        # None for all-ones strides or dilations: the same op, less Python per call.
        return tf.nn.convolution(
            inputs,
            kernel,
            strides=list(self.strides) if max(self.strides) > 1 else None,
            padding="VALID" if self.padding == "causal" else self.padding.upper(),
            dilations=list(self.dilation_rate) if max(self.dilation_rate) > 1 else None,
            data_format=data_format,
            name=self._OP_NAME,
        )

    def _causal_padding(self, ndim: int) -> list[list[int]]:
        padding = [[0, 0]] * ndim
        padding[ndim - 1 if self._op_format == "NCW" else ndim - 2] = [
            self.dilation_rate[0] * (self.kernel_size[0] - 1),
            0,
        ]
        return padding

    def _add_bias(self, outputs: tf.Tensor, data_format: str, ndim: int | None) -> tf.Tensor:
        rank = self._RANK
        if rank == 1 and data_format == "NCW":
            # The legacy layer broadcast a reshaped bias here (bias_add wants rank >= 3 NC..).
            return outputs + tf.reshape(self.bias, (1, self.filters, 1))
        if ndim is not None and ndim > rank + 2:
            with tf.name_scope("squeeze_batch_dims"):  # extra batch axes, as legacy
                shape = tf.shape(outputs)
                inner = tf.reshape(outputs, tf.concat([[-1], shape[-rank - 1 :]], 0))
                inner = tf.nn.bias_add(inner, self.bias, data_format=data_format)
                return tf.reshape(inner, shape)
        return tf.nn.bias_add(outputs, self.bias, data_format=data_format)

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        ndim = inputs.shape.rank
        if self._transpose:
            inputs = tf.transpose(inputs, permutation(ndim, self._RANK, to_last=True))
        if self.padding == "causal":
            inputs = tf.pad(inputs, self._causal_padding(ndim))
        outputs = self._convolve(inputs, self.kernel, self._op_format)
        if self.use_bias:
            outputs = self._add_bias(outputs, self._op_format, ndim)
        if self._transpose:
            outputs = tf.transpose(outputs, permutation(ndim, self._RANK, to_last=False))
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    # ----------------------------------------------------------------- config

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument; objects as `{"class_name", "module", "config"}`."""
        names = [
            p
            for p in inspect.signature(type(self).__init__).parameters
            if p not in ("self", "trainable", "name", "kwargs")
        ]
        config = {name: _config.serialize(getattr(self, name)) for name in names}
        return {**super().get_config(), **config}

    def __repr__(self) -> str:
        return (
            f"<compat_layers.{type(self).__name__} name={self._name} filters={self.filters} "
            f"kernel_size={self.kernel_size} built={self.built}>"
        )
