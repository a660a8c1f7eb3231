"""Max and average pooling over 1, 2 or 3 spatial axes: one base, six thin classes.

The ops are those of `tf.compat.v1.layers` (1D pooling as 2D pooling on an expanded
axis, 3D pooling on channels-last tensors), so outputs and v1 tensor names match. For
`channels_first` without a GPU, TensorFlow's CPU pooling kernels take channels-last data
only (the legacy 2D layer failed there, in graphs too), so the layer transposes around the
op as the legacy 1D and 3D layers did: transposes move values exactly.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, ClassVar

import tensorflow as tf

from compat_layers import _validation
from compat_layers._functional import functional_form
from compat_layers.base import Layer
from compat_layers.input_spec import InputSpec

__all__ = [
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "average_pooling1d",
    "average_pooling2d",
    "average_pooling3d",
    "max_pooling1d",
    "max_pooling2d",
    "max_pooling3d",
]


def _int_tuple(argument: str, value: Any, rank: int) -> tuple[int, ...]:
    """An integer (repeated `rank` times) or a tuple/list of `rank` positive integers."""
    items = list(value) if isinstance(value, (tuple, list)) else [value] * rank
    if len(items) != rank or any(
        isinstance(v, bool) or not isinstance(v, numbers.Integral) or v <= 0 for v in items
    ):
        raise _validation.invalid(
            argument, f"a strictly positive integer or a tuple of {rank} of them", value
        )
    return tuple(int(v) for v in items)


def _padding(value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in ("valid", "same"):
        raise _validation.invalid("padding", "'valid' or 'same' (case-insensitive)", value)
    return value.lower()


def _gpu_available() -> bool:
    return bool(tf.config.list_logical_devices("GPU"))


class _Pooling(Layer):
    """Pooling over `_RANK` spatial axes with the `_KIND` ("max" or "avg") reduction."""

    _RANK: ClassVar[int]
    _KIND: ClassVar[str]

    def __init__(
        self,
        pool_size: int | Sequence[int],
        strides: int | Sequence[int],
        padding: str = "valid",
        data_format: str = "channels_last",
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if strides is None:
            # The legacy words ("must not be None"), in the one message form.
            raise ValueError(
                "Invalid value for argument `strides`. Argument `strides` must not be None: "
                f"expected a strictly positive integer or a tuple of {self._RANK} of them. "
                "Received: strides=None"
            )
        self.pool_size = _int_tuple("pool_size", pool_size, self._RANK)
        self.strides = _int_tuple("strides", strides, self._RANK)
        self.padding = _padding(padding)
        self.data_format = _validation.data_format(data_format)
        super().__init__(name=name, **kwargs)
        self.input_spec = InputSpec(ndim=self._RANK + 2)

    def _pool(self, inputs: tf.Tensor, channels_first: bool) -> tf.Tensor:
        """The legacy pooling op on 4D (rank 1 and 2) or 5D (rank 3) inputs."""
        # 1D pools with a window of width 1 on its expanded axis.
        window = self.pool_size + (1,) * (2 - self._RANK)
        steps = self.strides + (1,) * (2 - self._RANK)
        if channels_first:
            ksize, strides, layout = (1, 1, *window), (1, 1, *steps), "NCHW"
        else:
            ksize, strides, layout = (1, *window, 1), (1, *steps, 1), "NHWC"
        padding = self.padding.upper()
        if self._RANK == 3:
            op = tf.nn.max_pool3d if self._KIND == "max" else tf.nn.avg_pool3d
            return op(inputs, ksize=ksize, strides=strides, padding=padding)
        # The functions the legacy layers called (1D: the v1 ones, via Keras' `pool2d`).
        if self._KIND == "max":
            op = tf.compat.v1.nn.max_pool
        else:
            op = tf.compat.v1.nn.avg_pool if self._RANK == 1 else tf.nn.avg_pool
        return op(inputs, ksize, strides, padding=padding, data_format=layout)

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        # Legacy 1D and 2D layers ran NCHW kernels natively where a GPU could take them;
        # TensorFlow's CPU kernels take NHWC only (the legacy 2D layer failed there).
        native = self.data_format == "channels_first" and self._RANK < 3 and _gpu_available()
        channels_first = self.data_format == "channels_first" and not native
        if self._RANK == 1:
            axis = 2 if self.data_format == "channels_last" else 3
            outputs = tf.expand_dims(inputs, axis)
            if channels_first:
                outputs = tf.compat.v1.transpose(outputs, (0, 2, 3, 1))
                outputs = tf.compat.v1.transpose(self._pool(outputs, False), (0, 3, 1, 2))
            else:
                outputs = self._pool(outputs, native)
            return tf.squeeze(outputs, axis)
        if not channels_first:
            return self._pool(inputs, native)
        last = self._RANK + 1
        outputs = tf.transpose(inputs, (0, *range(2, last + 1), 1))
        outputs = self._pool(outputs, False)
        return tf.transpose(outputs, (0, last, *range(1, last)))

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        """The pooled shape: each spatial axis `ceil(n / stride)` (same) or
        `ceil((n - pool + 1) / stride)` (valid)."""
        dims = tf.TensorShape(input_shape).with_rank(self._RANK + 2).as_list()
        first = 2 if self.data_format == "channels_first" else 1
        for i, (pool, stride) in enumerate(zip(self.pool_size, self.strides, strict=True)):
            n = dims[first + i]
            if n is not None:
                span = n if self.padding == "same" else n - pool + 1
                dims[first + i] = max(0, (span + stride - 1) // stride)
        return tf.TensorShape(dims)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
        }


def _pooling_doc(kind: str, rank: int) -> str:
    name = f"{'Max' if kind == 'max' else 'Average'}Pooling{rank}D"
    reduction = "maximum" if kind == "max" else "average"
    shape = "(batch, " + ", ".join(("length",) if rank == 1 else ("d1", "d2", "d3")[:rank])
    return (
        f"{rank}D {reduction} pooling with the TF1 `tf.layers` semantics.\n\n"
        "    Args:\n"
        f"      pool_size: Integer or tuple of {rank} integers, the pooling window.\n"
        f"      strides: Integer or tuple of {rank} integers, the window's steps (required,\n"
        "        as in TF1).\n"
        "      padding: `'valid'` or `'same'` (case-insensitive).\n"
        "      data_format: `'channels_last'` (default) or `'channels_first'`\n"
        "        (case-insensitive).\n"
        "      name: Layer name.\n"
        "      **kwargs: The other keyword arguments of `compat_layers.Layer`.\n\n"
        "    Input shape:\n"
        f"      {rank + 2}D tensor `{shape}, channels)` (channels_last) or with channels at\n"
        "      axis 1 (channels_first).\n\n"
        "    Output shape:\n"
        f"      {rank + 2}D tensor with each spatial axis pooled.\n\n"
        "    Returns:\n"
        "      The pooled tensor, of the input's dtype.\n\n"
        "    Example:\n\n"
        "    >>> import numpy as np\n"
        "    >>> import compat_layers\n"
        f"    >>> layer = compat_layers.{name}(pool_size=2, strides=2)\n"
        f"    >>> layer(np.ones((1, {', '.join(['4'] * rank)}, 3), np.float32)).shape\n"
        f"    TensorShape([1, {', '.join(['2'] * rank)}, 3])\n"
    )


class AveragePooling1D(_Pooling):
    __doc__ = _pooling_doc("avg", 1)
    _RANK, _KIND = 1, "avg"


class AveragePooling2D(_Pooling):
    __doc__ = _pooling_doc("avg", 2)
    _RANK, _KIND = 2, "avg"


class AveragePooling3D(_Pooling):
    __doc__ = _pooling_doc("avg", 3)
    _RANK, _KIND = 3, "avg"


class MaxPooling1D(_Pooling):
    __doc__ = _pooling_doc("max", 1)
    _RANK, _KIND = 1, "max"


class MaxPooling2D(_Pooling):
    __doc__ = _pooling_doc("max", 2)
    _RANK, _KIND = 2, "max"


class MaxPooling3D(_Pooling):
    __doc__ = _pooling_doc("max", 3)
    _RANK, _KIND = 3, "max"


average_pooling1d = functional_form(AveragePooling1D, "average_pooling1d", reuse=False)
average_pooling2d = functional_form(AveragePooling2D, "average_pooling2d", reuse=False)
average_pooling3d = functional_form(AveragePooling3D, "average_pooling3d", reuse=False)
max_pooling1d = functional_form(MaxPooling1D, "max_pooling1d", reuse=False)
max_pooling2d = functional_form(MaxPooling2D, "max_pooling2d", reuse=False)
max_pooling3d = functional_form(MaxPooling3D, "max_pooling3d", reuse=False)
