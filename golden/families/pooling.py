"""Golden cases of the pooling family: Average/MaxPooling1D/2D/3D.

Channels_first cases are recorded natively: TensorFlow 2.21 runs NCHW pooling on CPU in
graph mode. Max pooling's gradient goes to the first maximum of a window; the inputs are
continuous random draws, so ties (where implementations could differ) are rare and then
resolved identically by TensorFlow's kernels.
"""

from __future__ import annotations

import math

import numpy as np

from golden.cases import DTYPES, Case, LayerSpec, expand
from golden.families import _numpy as npf

FAMILY = "pooling"

LAYERS = {
    f"{kind}Pooling{rank}D": (kind, rank) for kind in ("Average", "Max") for rank in (1, 2, 3)
}


def _tuple(value, rank: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * rank


def _geometry(case: Case):
    _, rank = LAYERS[case.layer]
    pool = _tuple(case.kwargs["pool_size"], rank)
    strides = _tuple(case.kwargs["strides"], rank)
    return pool, strides, case.kwargs.get("padding", "valid")


def _output_shape(case: Case) -> tuple[int, ...]:
    pool, strides, padding = _geometry(case)
    shape = case.input_shape
    spatial = shape[2:] if case.channels_first else shape[1:-1]
    sizes = [
        math.ceil(n / s) if padding == "same" else math.ceil((n - p + 1) / s)
        for n, p, s in zip(spatial, pool, strides, strict=True)
    ]
    if case.channels_first:
        return (shape[0], shape[1], *sizes)
    return (shape[0], *sizes, shape[-1])


def _numpy_forward(arrays: dict, case: Case, pre_activation: bool = False) -> np.ndarray:
    pool, strides, padding = _geometry(case)
    kind = "max" if LAYERS[case.layer][0] == "Max" else "average"
    x = npf.to_channels_last(arrays["x"], case.channels_first)
    return npf.from_channels_last(npf.pool_nd(x, pool, strides, padding, kind), case.channels_first)


def _keras3(case: Case):
    import keras

    layer = getattr(keras.layers, case.layer)(dtype=case.dtype, **case.kwargs)
    return layer, layer


SPECS = tuple(
    LayerSpec(
        layer,
        FAMILY,
        output_shape=_output_shape,
        numpy_forward=_numpy_forward,
        keras3=_keras3,
    )
    for layer in LAYERS
)

_SHAPES = {1: (2, 9, 3), 2: (2, 7, 6, 2), 3: (2, 5, 6, 4, 2)}
_CF_SHAPES = {1: (2, 3, 8), 2: (2, 2, 5, 7), 3: (1, 2, 5, 4, 5)}


def _variants(rank: int) -> dict:
    def v(shape, **kwargs):
        return {"input_shape": shape, "kwargs": kwargs}

    cf = {"data_format": "channels_first"}
    return {
        "valid_p2_s2": v(_SHAPES[rank], pool_size=2, strides=2),
        "same_p3_s2": v(_SHAPES[rank], pool_size=3, strides=2, padding="same"),
        "valid_p3_s1": v(_SHAPES[rank], pool_size=3, strides=1),
        "same_p2_s3": v(_SHAPES[rank], pool_size=2, strides=3, padding="same"),
        "cf_valid_p2_s1": v(_CF_SHAPES[rank], pool_size=2, strides=1, **cf),
        "cf_same_p3_s2": v(_CF_SHAPES[rank], pool_size=3, strides=2, padding="same", **cf),
    }


# TensorFlow's CPU kernels for 3D pooling are float32 only (float16: no AvgPool3D/MaxPool3D
# kernel; float64: MaxPool3D rejects the dtype, AvgPool3D has no kernel), so the legacy
# layers cannot run those dtypes at all and no case records them.
DTYPES_3D = ("float32",)

CASES = tuple(
    case
    for layer, (_, rank) in LAYERS.items()
    for case in expand(layer, _variants(rank), DTYPES_3D if rank == 3 else DTYPES)
)
