"""Golden cases of BatchNormalization: inference with given moving statistics, and training.

Inference cases (`training=False`) record the output and the gradients with respect to the
input, `gamma` and `beta`, computed from the given moving statistics. Training cases
(`training=True`) record the output from the batch statistics, the same gradients and the
moving statistics after the layer's updates have run once (in a v1 graph: the ops in
`UPDATE_OPS`; eagerly: the call itself). Float16 inputs get float32 parameters, as in the
legacy layer.

The legacy layer picks the fused kernel for float16/float32 4D and 5D inputs with the channel
axis first or last (no virtual batch); its moving variance then moves towards the
Bessel-corrected batch variance, where the non-fused path and Keras 3 use the biased one.
"""

from __future__ import annotations

import math

import numpy as np

from golden.cases import Case, LayerSpec, Weight, expand

FAMILY = "normalization"


def _axis(case: Case) -> int:
    return case.kwargs.get("axis", -1) % len(case.input_shape)


def _weights(case: Case) -> tuple[Weight, ...]:
    channels = case.input_shape[_axis(case)]
    shape: tuple[int, ...] = (channels,)
    if case.kwargs.get("virtual_batch_size"):
        # Ghost batches add an axis in front; the parameters broadcast over the other ones.
        ghost = [1] * (len(case.input_shape) + 1)
        ghost[_axis(case) + 1] = channels
        shape = tuple(ghost)
    dtype = "float32" if case.dtype == "float16" else case.dtype
    weights = []
    if case.kwargs.get("scale", True):
        weights.append(Weight("gamma", shape, 0.5, 1.5, dtype=dtype))
    if case.kwargs.get("center", True):
        weights.append(Weight("beta", shape, -0.5, 0.5, dtype=dtype))
    weights.append(Weight("moving_mean", shape, -0.5, 0.5, trainable=False, dtype=dtype))
    weights.append(Weight("moving_variance", shape, 0.5, 1.5, trainable=False, dtype=dtype))
    return tuple(weights)


def fused(case: Case) -> bool:
    """Whether the legacy layer (v1 rules, `fused=None`) uses the fused kernel."""
    rank = len(case.input_shape)
    if case.kwargs.get("fused") is False or case.kwargs.get("virtual_batch_size"):
        return False
    if case.dtype == "float64":
        return False  # the fused kernel has no float64 version; the layer falls back
    return rank in (4, 5) and _axis(case) in (1, rank - 1)


def reduced_count(case: Case) -> int:
    """How many values each channel's batch statistics average over (no virtual batch)."""
    return math.prod(case.input_shape) // case.input_shape[_axis(case)]


def _numpy_forward(arrays: dict, case: Case, pre_activation: bool = False) -> np.ndarray:
    x = np.asarray(arrays["x"], np.float64)
    axis = _axis(case)
    eps = case.kwargs.get("epsilon", 1e-3)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def param(name, default):
        return np.asarray(arrays[name], np.float64).reshape(shape) if name in arrays else default

    if case.training:
        # The legacy ghost batches: x reshaped to (virtual_batch_size, -1, ...), statistics
        # over the first axis, so ghost batch k holds rows k, k + B / v, ... (strided).
        ghost = case.kwargs.get("virtual_batch_size") or x.shape[0]
        xg = x.reshape(ghost, x.shape[0] // ghost, *x.shape[1:])
        axes = (0, *(i + 1 for i in range(1, x.ndim) if i != axis))
        mean = xg.mean(axis=axes, keepdims=True)
        var = xg.var(axis=axes, keepdims=True)
        normed = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)
    else:
        normed = (x - param("moving_mean", 0.0)) / np.sqrt(param("moving_variance", 1.0) + eps)
    return normed * param("gamma", 1.0) + param("beta", 0.0)


def _keras3(case: Case):
    import keras

    kwargs = {k: v for k, v in case.kwargs.items() if k != "fused"}
    # Keras 3's counterpart of the legacy float16 layer (float32 parameters).
    dtype = "mixed_float16" if case.dtype == "float16" else case.dtype
    layer = keras.layers.BatchNormalization(dtype=dtype, **kwargs)
    return layer, layer


def _keras3_skip(case: Case) -> str | None:
    if case.kwargs.get("virtual_batch_size"):
        return "Keras 3 BatchNormalization has no virtual_batch_size (ghost batches)"
    return None


def keras3_expected(case: Case, golden: dict) -> dict:
    """The golden results as Keras 3 computes them, for two documented legacy quirks.

    The legacy update is `v -= (v - stat) * decay` with `decay = 1 - momentum` converted to
    a float32 tensor first (so float64 layers use a float32-rounded decay); after a fused
    step `stat` is the Bessel-corrected batch variance `var * n / (n - 1)`. Keras 3 computes
    `v * momentum + stat * (1 - momentum)` in the variable dtype with the biased variance.
    The batch statistic is recovered from the legacy result and the Keras 3 update redone.
    """
    expected = dict(golden)
    if not case.training:
        return expected
    m = case.kwargs.get("momentum", 0.99)
    decay = float(np.float32(1.0 - m)) if case.dtype == "float64" else 1.0 - m
    n = reduced_count(case)
    for name in ("moving_mean", "moving_variance"):
        v0 = np.asarray(golden[name], np.float64)
        stat = v0 - (v0 - np.asarray(golden[f"updated_{name}"], np.float64)) / decay
        if name == "moving_variance" and fused(case):
            stat = stat * (n - 1) / n
        expected[f"updated_{name}"] = v0 * m + stat * (1.0 - m)
    return expected


SPECS = (
    LayerSpec(
        "BatchNormalization",
        FAMILY,
        weights=_weights,
        numpy_forward=_numpy_forward,
        keras3=_keras3,
        keras3_skip=_keras3_skip,
        keras3_expected=keras3_expected,
    ),
)


def _v(shape, training, **kwargs) -> dict:
    return {"input_shape": shape, "kwargs": kwargs, "training": training}


_VARIANTS = {
    "infer_4d": _v((2, 3, 4, 3), False),
    "infer_4d_nonfused": _v((2, 3, 4, 3), False, fused=False),
    "infer_2d": _v((4, 5), False),
    "infer_3d_eps": _v((2, 5, 3), False, epsilon=0.01),
    "infer_cf_4d": _v((2, 3, 4, 5), False, axis=1),
    "infer_5d": _v((2, 3, 3, 2, 2), False),
    "infer_nocenter_noscale": _v((2, 4, 3, 2), False, center=False, scale=False),
    "train_4d": _v((4, 3, 4, 3), True),
    "train_4d_nonfused": _v((4, 3, 4, 3), True, fused=False),
    "train_2d": _v((6, 4), True),
    "train_3d_m09": _v((3, 5, 2), True, momentum=0.9),
    "train_cf_4d": _v((2, 3, 4, 5), True, axis=1),
    "train_5d_eps": _v((2, 3, 3, 2, 2), True, epsilon=0.01),
    "train_4d_axis2": _v((2, 3, 4, 5), True, axis=2),
    "train_noscale": _v((4, 3, 2, 2), True, scale=False),
    "train_virtual_batch": _v((4, 3, 2, 3), True, virtual_batch_size=2),
}

CASES = tuple(expand("BatchNormalization", _VARIANTS))
