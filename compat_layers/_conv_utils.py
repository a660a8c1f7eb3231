"""Small helpers of the convolution layers: argument tuples, layouts, legacy signatures."""

from __future__ import annotations

import functools
import inspect
import numbers
from typing import Any

import tensorflow as tf
from tensorflow.python.util import _pywrap_util_port

from compat_layers import _validation

__all__ = [
    "CHANNELS_FIRST_FORMATS",
    "CHANNELS_LAST_FORMATS",
    "ZEROS",
    "int_tuple",
    "legacy_signature",
    "native_channels_first",
    "permutation",
]

# The legacy signatures' bias default, one object shared by every layer as in TF1.
ZEROS = tf.compat.v1.zeros_initializer()
CHANNELS_LAST_FORMATS = {1: "NWC", 2: "NHWC", 3: "NDHWC"}
CHANNELS_FIRST_FORMATS = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


@functools.cache
def _gpu_present() -> bool:
    return bool(tf.config.list_logical_devices("GPU"))


def native_channels_first(gpu_only: bool) -> bool:
    """Whether TensorFlow runs the layer's ops in the NC... layout here, as legacy did."""
    return _gpu_present() or (not gpu_only and _pywrap_util_port.IsMklEnabled())


@functools.cache
def permutation(ndim: int, rank: int, *, to_last: bool) -> list[int]:
    """The axes moving channels between `channels_first` and `channels_last`."""
    batch = ndim - rank - 1
    if to_last:
        return [*range(batch), *range(batch + 1, ndim), batch]
    return [*range(batch), ndim - 1, *range(batch, ndim - 1)]


def int_tuple(argument: str, value: Any, rank: int) -> tuple[int, ...]:
    """An integer, or a tuple/list of `rank` integers, all strictly positive."""
    items = tuple(value) if isinstance(value, (tuple, list)) else (value,) * rank
    if len(items) != rank or any(
        isinstance(i, bool) or not isinstance(i, numbers.Integral) or i <= 0 for i in items
    ):
        expected = "a strictly positive integer" + (
            f" or a tuple of {rank} strictly positive integers" if rank > 1 else " or a tuple of 1"
        )
        raise _validation.invalid(argument, expected, value)
    return tuple(int(i) for i in items)


def legacy_signature(cls: type) -> type:
    """Gives `cls.__init__` the legacy defaults of its rank (`strides=(1, 1)` in 2D)."""
    base_init = cls.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        base_init(self, *args, **kwargs)

    signature = inspect.signature(base_init)
    ones = 1 if cls._RANK == 1 else (1,) * cls._RANK
    __init__.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(default=ones) if p.name in ("strides", "dilation_rate") else p
            for p in signature.parameters.values()
        ]
    )
    __init__.__doc__ = base_init.__doc__
    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = __init__
    return cls
