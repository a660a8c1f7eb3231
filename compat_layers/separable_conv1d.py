"""`tf.compat.v1.layers.SeparableConv1D` and `separable_conv1d`, rebuilt for Keras 3 installs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import tensorflow as tf

from compat_layers import _config, _validation
from compat_layers._functional import functional_form
from compat_layers.base import Layer, in_v1_graph
from compat_layers.input_spec import InputSpec

__all__ = ["SeparableConv1D", "SeparableConvolution1D", "separable_conv1d"]


# The legacy signature's bias default, shared by every layer as it was in TF1.
_ZEROS = tf.compat.v1.zeros_initializer()


class SeparableConv1D(Layer):
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

    _FLOAT_INPUTS = True

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
        self.depthwise_constraint = _validation.constraint(
            "depthwise_constraint", depthwise_constraint
        )
        self.pointwise_constraint = _validation.constraint(
            "pointwise_constraint", pointwise_constraint
        )
        self.bias_constraint = _validation.constraint("bias_constraint", bias_constraint)
        self.depthwise_kernel: tf.Variable | None = None
        self.pointwise_kernel: tf.Variable | None = None
        self.bias: tf.Variable | None = None
        self._input_channels: int | None = None
        super().__init__(
            trainable=trainable,
            name=name,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=3)

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
        shape = self._check_input_shape(tf.TensorShape(input_shape))
        length_axis = 1 if self.data_format == "channels_last" else 2
        new_length = self._output_length(shape[length_axis])
        if self.data_format == "channels_last":
            return tf.TensorShape([shape[0], new_length, self.filters])
        return tf.TensorShape([shape[0], self.filters, new_length])

    def _check_input_shape(self, shape: tf.TensorShape) -> list[int | None]:
        if shape.rank != 3:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects a 3D input, "
                f"expected ndim=3, found ndim={shape.rank} "
                f"({'(batch, length, channels)' if self.data_format == 'channels_last' else '(batch, channels, length)'}"  # noqa: E501
                f" for data_format='{self.data_format}'). Received: inputs with shape {shape}"
            )
        dims = shape.as_list()
        channels = dims[self._channel_axis()]
        if channels is None:
            raise ValueError(
                f"Invalid value for argument `inputs`. The channel dimension of the inputs "
                f"should be defined (axis {self._channel_axis() % 3} of the inputs of layer "
                f"{self._name}). "
                f"Received: inputs with shape {shape}"
            )
        if self._input_channels is not None and channels != self._input_channels:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} was built for "
                f"{self._input_channels} input channels: expected axis {self._channel_axis()} "
                f"of input shape to have value {self._input_channels}. "
                f"Received: inputs with shape {shape}"
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

    def _check_inputs(self, inputs: tf.Tensor) -> None:
        self._check_input_shape(inputs.shape)

    def build(self, input_shape: Any) -> None:
        """Creates the kernels and the bias for inputs of `input_shape`."""
        shape = self._check_input_shape(tf.TensorShape(input_shape))
        channels = shape[self._channel_axis()]
        (kernel,) = self.kernel_size
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            (kernel, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            (1, channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                (self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self._input_channels = channels
        self.input_spec = InputSpec(ndim=3, axes={self._channel_axis(): channels})
        super().build(input_shape)

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
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
        if in_v1_graph():
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
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "depth_multiplier": self.depth_multiplier,
            "activation": _config.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": _config.serialize(self.depthwise_initializer),
            "pointwise_initializer": _config.serialize(self.pointwise_initializer),
            "bias_initializer": _config.serialize(self.bias_initializer),
            "depthwise_regularizer": _config.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": _config.serialize(self.pointwise_regularizer),
            "bias_regularizer": _config.serialize(self.bias_regularizer),
            "activity_regularizer": _config.serialize(self.activity_regularizer),
            "depthwise_constraint": _config.serialize(self.depthwise_constraint),
            "pointwise_constraint": _config.serialize(self.pointwise_constraint),
            "bias_constraint": _config.serialize(self.bias_constraint),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeparableConv1D:
        return cls(**{key: _config.deserialize(value) for key, value in config.items()})

    def __repr__(self) -> str:
        return (
            f"<compat_layers.SeparableConv1D name={self._name} filters={self.filters} "
            f"kernel_size={self.kernel_size[0]} built={self.built}>"
        )


SeparableConvolution1D = SeparableConv1D


separable_conv1d = functional_form(SeparableConv1D, "separable_conv1d")
