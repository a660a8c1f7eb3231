"""The transposed and the depthwise separable kinds of the convolution base `Conv`.

Each kind changes only its constructor arguments, its weights and the ops of its call,
which are the ops of the legacy layer in the legacy order.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from compat_layers import _validation
from compat_layers._conv_base import Conv
from compat_layers._conv_utils import ZEROS, permutation
from compat_layers.base import Layer, in_v1_graph

__all__ = ["ConvTranspose", "SeparableConv"]

_TRANSPOSE_OPS = {2: tf.nn.conv2d_transpose, 3: tf.nn.conv3d_transpose}


class ConvTranspose(Conv):
    """Base of `Conv2DTranspose` and `Conv3DTranspose`: the gradient of a convolution.

    Arguments as `Conv`, without `dilation_rate` (the legacy signature had none). The
    kernel has shape `kernel_size + (filters, input_channels)`. `output_padding` (an
    integer or tuple, each below its stride) may be passed as a keyword, as the legacy
    class forwarded it to Keras; None infers the output size from the padding.
    """

    _VALID_NEEDS_SPAN = False
    _BATCH_DIMS = False

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str = "channels_last",
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
        output_padding = kwargs.pop("output_padding", None)
        super().__init__(
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            1,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            trainable,
            name,
            **kwargs,
        )
        self.output_padding = None
        if output_padding is not None:
            items = tuple(output_padding) if isinstance(output_padding, (tuple, list)) else None
            padding_tuple = items or (output_padding,) * self._RANK
            if len(padding_tuple) != self._RANK or not all(
                isinstance(p, int) and not isinstance(p, bool) and 0 <= p < s
                for p, s in zip(padding_tuple, self.strides, strict=False)
            ):
                raise _validation.invalid(
                    "output_padding",
                    f"None, or non-negative integers (one or {self._RANK}) each smaller than "
                    f"its stride (strides={self.strides})",
                    output_padding,
                )
            self.output_padding = padding_tuple

    def _weight_shapes(self, channels: int) -> dict[str, tuple[int, ...]]:
        return {"kernel": (*self.kernel_size, self.filters, channels), "bias": (self.filters,)}

    def _output_length(self, length: Any, i: int) -> Any:
        if length is None:
            return None
        kernel, stride = self.kernel_size[i], self.strides[i]
        if self.output_padding is None:
            return length * stride + (max(kernel - stride, 0) if self.padding == "valid" else 0)
        pad = kernel // 2 if self.padding == "same" else 0
        return (length - 1) * stride + kernel - 2 * pad + self.output_padding[i]

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        rank, ndim = self._RANK, self._RANK + 2
        input_shape = inputs.shape
        if self._transpose:
            inputs = tf.transpose(inputs, permutation(ndim, rank, to_last=True))
        dims: list[Any] = inputs.shape.as_list()
        if None in dims:
            dynamic = tf.shape(inputs)
            dims = [dynamic[i] if d is None else d for i, d in enumerate(dims)]
        first = 2 if self._op_format.startswith("NC") else 1
        spatial = [self._output_length(dims[first + i], i) for i in range(rank)]
        shape = (
            [dims[0], self.filters, *spatial] if first == 2 else [dims[0], *spatial, self.filters]
        )
        outputs = _TRANSPOSE_OPS[rank](
            inputs,
            self.kernel,
            shape if all(isinstance(d, int) for d in shape) else tf.stack(shape),
            strides=self._op_strides,
            padding=self._op_padding,
            data_format=self._op_format,
            name=f"conv{rank}d_transpose",
        )
        # Where the legacy layer itself transposed around the op (Conv2DTranspose without
        # a GPU), it added the bias in the layer's layout, after transposing back.
        bias_first = self._transpose and not self._NCHW_NEEDS_GPU
        if self.use_bias and bias_first:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format="NHWC")
        if self._transpose:
            outputs = tf.transpose(outputs, permutation(ndim, rank, to_last=False))
        if not tf.executing_eagerly():
            outputs.set_shape(self.compute_output_shape(input_shape))
        if self.use_bias and not bias_first:
            # The legacy layers passed "NCHW"/"NHWC" also in 3D.
            nc = self.data_format == "channels_first"
            outputs = tf.nn.bias_add(outputs, self.bias, data_format="NCHW" if nc else "NHWC")
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        if self.output_padding is not None:
            config["output_padding"] = self.output_padding
        return config


class SeparableConv(Conv):
    """Base of `SeparableConv1D` and `SeparableConv2D`: depthwise, then pointwise.

    A depthwise convolution acting separately on each input channel (`depth_multiplier`
    outputs each), then a 1x1 convolution mixing channels, a bias and an activation.
    Arguments as `Conv`, plus `depth_multiplier` and `depthwise_*`/`pointwise_*`
    initializers, regularizers and constraints in place of the `kernel_*` ones.
    """

    _BATCH_DIMS = False
    _WEIGHTS = {
        "depthwise": "depthwise_kernel",
        "pointwise": "pointwise_kernel",
        "bias": "bias",
    }

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str = "channels_last",
        dilation_rate: Any = 1,
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = None,
        pointwise_initializer: Any = None,
        bias_initializer: Any = ZEROS,
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
        self._set_common(filters, kernel_size, strides, padding, data_format, dilation_rate)
        if len(set(self.strides)) > 1:
            raise _validation.invalid(
                "strides", "equal strides on every axis (TensorFlow's depthwise kernels)", strides
            )
        self.depth_multiplier = _validation.positive_int("depth_multiplier", depth_multiplier)
        self._set_weight_arguments(
            activation,
            use_bias,
            depthwise=(depthwise_initializer, depthwise_regularizer, depthwise_constraint),
            pointwise=(pointwise_initializer, pointwise_regularizer, pointwise_constraint),
            bias=(bias_initializer, bias_regularizer, bias_constraint),
        )
        Layer.__init__(self, trainable, name, activity_regularizer=activity_regularizer, **kwargs)
        self._set_input_spec()

    def _weight_shapes(self, channels: int) -> dict[str, tuple[int, ...]]:
        return {
            "depthwise": (*self.kernel_size, channels, self.depth_multiplier),
            "pointwise": (*(1,) * self._RANK, channels * self.depth_multiplier, self.filters),
            "bias": (self.filters,),
        }

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        rank = self._RANK
        if self._transpose:
            inputs = tf.transpose(inputs, permutation(rank + 2, rank, to_last=True))
        if self.padding == "causal":
            inputs = tf.pad(inputs, self._causal_padding(rank + 2))
        nc = self._op_format.startswith("NC")
        data_format = "NCHW" if nc else "NHWC"
        if rank == 2:
            outputs = tf.nn.separable_conv2d(
                inputs,
                self.depthwise_kernel,
                self.pointwise_kernel,
                strides=self._op_strides,
                padding=self._op_padding,
                dilations=self.dilation_rate,
                data_format=data_format,
            )
            if self.use_bias:
                outputs = tf.nn.bias_add(outputs, self.bias, data_format=data_format)
        else:
            # 1D runs as 2D on a row of height 1; op names follow the legacy layer.
            axis = 2 if nc else 1
            outputs = tf.compat.v1.nn.separable_conv2d(
                tf.expand_dims(inputs, axis, name="ExpandDims"),
                tf.expand_dims(self.depthwise_kernel, 0, name="ExpandDims_1"),
                tf.expand_dims(self.pointwise_kernel, 0, name="ExpandDims_2"),
                strides=self._op_strides,
                padding=self._op_padding,
                rate=(1, self.dilation_rate[0]),
                data_format=data_format,
            )
            if self.use_bias and (nc or in_v1_graph()):
                # The legacy order, so a v1 graph's output keeps its name (".../Squeeze:0").
                outputs = tf.nn.bias_add(outputs, self.bias, data_format=data_format)
            outputs = tf.squeeze(outputs, [axis], name="Squeeze")
            if self.use_bias and not (nc or in_v1_graph()):
                # Elsewhere squeezing first is exact and cheaper for the backward pass.
                outputs = tf.nn.bias_add(outputs, self.bias, data_format="NWC")
        if self._transpose:
            outputs = tf.transpose(outputs, permutation(rank + 2, rank, to_last=False))
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs
