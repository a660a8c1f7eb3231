"""TensorFlow-free float64 forwards shared by the family modules.

Every function works on channels_last arrays (`(batch, *spatial, channels)`); the family
modules move channels_first data around them. They are the second, independent check of
the stored outputs (tests/test_golden_integrity.py) and keep ReLU cases off the kink.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "activate",
    "conv_nd",
    "conv_transpose_nd",
    "depthwise_as_full",
    "from_channels_last",
    "paddings",
    "pool_nd",
    "to_channels_last",
]


def to_channels_last(x: np.ndarray, channels_first: bool) -> np.ndarray:
    x = np.asarray(x, np.float64)
    return np.moveaxis(x, 1, -1) if channels_first else x


def from_channels_last(x: np.ndarray, channels_first: bool) -> np.ndarray:
    return np.moveaxis(x, -1, 1) if channels_first else x


def activate(x: np.ndarray, activation: str | None) -> np.ndarray:
    if activation == "relu":
        return np.maximum(x, 0.0)
    if activation == "tanh":
        return np.tanh(x)
    if activation in (None, "linear"):
        return x
    raise ValueError(f"no NumPy activation {activation!r}")


def paddings(
    sizes: Sequence[int], spans: Sequence[int], strides: Sequence[int], padding: str
) -> list[tuple[int, int]]:
    """Zero padding per spatial axis as TensorFlow applies it.

    'same' splits the total with the extra element at the end; 'causal' pads the start.
    """
    result = []
    for size, span, stride in zip(sizes, spans, strides, strict=True):
        if padding == "valid":
            result.append((0, 0))
        elif padding == "causal":
            result.append((span - 1, 0))
        else:
            total = max((math.ceil(size / stride) - 1) * stride + span - size, 0)
            result.append((total // 2, total - total // 2))
    return result


def _taps(xp: np.ndarray, tap, dilation, strides, out_sizes) -> np.ndarray:
    index = tuple(
        slice(t * d, t * d + (o - 1) * s + 1, s)
        for t, d, s, o in zip(tap, dilation, strides, out_sizes, strict=True)
    )
    return xp[(slice(None), *index)]


def conv_nd(x: np.ndarray, kernel: np.ndarray, strides, dilation, padding: str) -> np.ndarray:
    """Convolution of `x` (B, *S, C) with `kernel` (*K, C, F), no bias."""
    kernel = np.asarray(kernel, np.float64)
    ksize = kernel.shape[:-2]
    spans = [d * (k - 1) + 1 for k, d in zip(ksize, dilation, strict=True)]
    pads = paddings(x.shape[1:-1], spans, strides, padding)
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_sizes = [(n - sp) // s + 1 for n, sp, s in zip(xp.shape[1:-1], spans, strides, strict=True)]
    out = np.zeros((x.shape[0], *out_sizes, kernel.shape[-1]))
    for tap in np.ndindex(*ksize):
        out += _taps(xp, tap, dilation, strides, out_sizes) @ kernel[tap]
    return out


def depthwise_as_full(depthwise: np.ndarray) -> np.ndarray:
    """A depthwise kernel (*K, C, M) as the equivalent full kernel (*K, C, C * M)."""
    depthwise = np.asarray(depthwise, np.float64)
    *ksize, channels, multiplier = depthwise.shape
    full = np.zeros((*ksize, channels, channels * multiplier))
    for c in range(channels):
        # Depthwise output channel c * multiplier + m, as TensorFlow orders it.
        full[..., c, c * multiplier : (c + 1) * multiplier] = depthwise[..., c, :]
    return full


def conv_transpose_nd(x: np.ndarray, kernel: np.ndarray, strides, padding: str) -> np.ndarray:
    """Transposed convolution of `x` (B, *S, C) with `kernel` (*K, F, C), no bias.

    Output sizes as the legacy layer: 'same' n * s, 'valid' n * s + max(k - s, 0).
    """
    kernel = np.asarray(kernel, np.float64)
    ksize = kernel.shape[:-2]
    sizes = x.shape[1:-1]
    full = [max((n - 1) * s + k, n * s) for n, s, k in zip(sizes, strides, ksize, strict=True)]
    buffer = np.zeros((x.shape[0], *full, kernel.shape[-2]))
    for tap in np.ndindex(*ksize):
        index = tuple(
            slice(t, t + (n - 1) * s + 1, s) for t, n, s in zip(tap, sizes, strides, strict=True)
        )
        buffer[(slice(None), *index)] += x @ kernel[tap].T
    crop = []
    for n, s, k in zip(sizes, strides, ksize, strict=True):
        if padding == "same":
            before = max(k - s, 0) // 2
            crop.append(slice(before, before + n * s))
        else:
            crop.append(slice(0, n * s + max(k - s, 0)))
    return buffer[(slice(None), *crop)]


def pool_nd(x: np.ndarray, pool_size, strides, padding: str, kind: str) -> np.ndarray:
    """Max or average pooling of `x` (B, *S, C); padded positions never count."""
    ones = np.ones(x.shape)
    pads = paddings(x.shape[1:-1], pool_size, strides, padding)
    width = [(0, 0), *pads, (0, 0)]
    xp = np.pad(x, width, constant_values=-np.inf if kind == "max" else 0.0)
    count = np.pad(ones, width)
    out_sizes = [
        (n - p) // s + 1 for n, p, s in zip(xp.shape[1:-1], pool_size, strides, strict=True)
    ]
    windows = [
        _taps(xp, tap, [1] * len(pool_size), strides, out_sizes) for tap in np.ndindex(*pool_size)
    ]
    if kind == "max":
        return np.max(windows, axis=0)
    counts = [
        _taps(count, tap, [1] * len(pool_size), strides, out_sizes)
        for tap in np.ndindex(*pool_size)
    ]
    return np.sum(windows, axis=0) / np.sum(counts, axis=0)
