"""Golden cases of the core family: Dense (rank 2 to 4 inputs), Flatten and Dropout.

Dropout with `training=True` is recorded only in a v1 graph with a graph-level seed
(`tf.compat.v1.set_random_seed`) and the layer's `seed`: that mask is reproducible from the
two seeds and is what TF1 users rely on. Eager execution and Keras 3 draw from other random
streams, so those cases are compared in a Session graph only.
"""

from __future__ import annotations

import math

import numpy as np

from golden.cases import Case, LayerSpec, Weight, expand
from golden.families import _numpy as npf

FAMILY = "core"


def _dense_weights(case: Case) -> tuple[Weight, ...]:
    fan_in, units = case.input_shape[-1], case.kwargs["units"]
    kernel = Weight("kernel", (fan_in, units), fan_in=fan_in)
    if not case.kwargs.get("use_bias", True):
        return (kernel,)
    return (kernel, Weight("bias", (units,), -0.5, 0.5))


def _dense_forward(arrays: dict, case: Case, pre_activation: bool = False) -> np.ndarray:
    x = np.asarray(arrays["x"], np.float64)
    out = np.tensordot(x, np.asarray(arrays["kernel"], np.float64), axes=[[x.ndim - 1], [0]])
    if "bias" in arrays:
        out = out + np.asarray(arrays["bias"], np.float64)
    return out if pre_activation else npf.activate(out, case.kwargs.get("activation"))


def _dense_keras3(case: Case):
    import keras

    layer = keras.layers.Dense(dtype=case.dtype, **case.kwargs)
    return layer, layer


def _flatten_forward(arrays: dict, case: Case, pre_activation: bool = False) -> np.ndarray:
    x = np.asarray(arrays["x"], np.float64)
    if case.channels_first and x.ndim > 2:
        # The legacy layer moves channels last first: TF1's element order.
        x = np.moveaxis(x, 1, -1)
    return x.reshape(x.shape[0], -1)


def _flatten_keras3(case: Case):
    import keras

    layer = keras.layers.Flatten(dtype=case.dtype, **case.kwargs)
    return layer, layer


def _dropout_forward(arrays: dict, case: Case, pre_activation: bool = False):
    if case.training and case.kwargs.get("rate", 0.5) > 0:
        return None  # a random mask: no TensorFlow-free forward
    return np.asarray(arrays["x"], np.float64)


def _dropout_keras3(case: Case):
    import keras

    layer = keras.layers.Dropout(dtype=case.dtype, **case.kwargs)
    return layer, layer


def _dropout_keras3_skip(case: Case) -> str | None:
    if case.training and case.kwargs.get("rate", 0.5) > 0:
        return (
            "Keras 3 draws the mask from its own SeedGenerator stream: the seeded-graph mask "
            "of the legacy layer is a compat_layers contract only"
        )
    return None


SPECS = (
    LayerSpec(
        "Dense",
        FAMILY,
        weights=_dense_weights,
        output_shape=lambda case: (*case.input_shape[:-1], case.kwargs["units"]),
        numpy_forward=_dense_forward,
        keras3=_dense_keras3,
    ),
    LayerSpec(
        "Flatten",
        FAMILY,
        output_shape=lambda case: (case.input_shape[0], math.prod(case.input_shape[1:])),
        numpy_forward=_flatten_forward,
        keras3=_flatten_keras3,
    ),
    LayerSpec(
        "Dropout",
        FAMILY,
        numpy_forward=_dropout_forward,
        keras3=_dropout_keras3,
        keras3_skip=_dropout_keras3_skip,
    ),
)


def _dense(shape, units=3, **kwargs) -> dict:
    return {"input_shape": shape, "kwargs": {"units": units, **kwargs}}


_DENSE = {
    "base": _dense((2, 4)),
    "relu_b1": _dense((1, 5), activation="relu"),
    "tanh_nobias": _dense((3, 4), activation="tanh", use_bias=False),
    "units1": _dense((2, 6), units=1),
    "in1_units7": _dense((4, 1), units=7),
    "wide_tanh": _dense((2, 33), units=9, activation="tanh"),
    "rank3": _dense((2, 3, 4)),
    "rank3_relu_nobias": _dense((2, 5, 3), units=4, activation="relu", use_bias=False),
    "rank3_b1_tanh": _dense((1, 4, 6), units=2, activation="tanh"),
    "rank4": _dense((2, 3, 2, 4), units=5),
    "rank4_relu": _dense((2, 2, 3, 3), activation="relu"),
    "rank4_nobias": _dense((1, 3, 3, 2), units=2, use_bias=False),
    "rank5_tanh": _dense((2, 2, 2, 2, 3), units=2, activation="tanh"),
    "batch5_linear": _dense((5, 3), units=4, activation="linear"),
}

CF = {"data_format": "channels_first"}
_FLATTEN = {
    "rank2": {"input_shape": (3, 5)},
    "rank3": {"input_shape": (2, 3, 4)},
    "rank4": {"input_shape": (2, 3, 4, 2)},
    "cf_rank3": {"input_shape": (2, 3, 4), "kwargs": CF},
    "cf_rank4": {"input_shape": (2, 3, 4, 2), "kwargs": CF},
    "cf_rank5": {"input_shape": (1, 2, 3, 2, 4), "kwargs": CF},
}

_DROPOUT = {
    "inference": {"input_shape": (2, 5, 3), "kwargs": {"rate": 0.5}, "training": False},
    "default_call": {"input_shape": (3, 4), "kwargs": {"rate": 0.3}},
    "train_rate0": {"input_shape": (2, 6), "kwargs": {"rate": 0.0}, "training": True},
    "train_seeded": {
        "input_shape": (4, 8, 3),
        "kwargs": {"rate": 0.5, "seed": 7},
        "training": True,
        "graph_seed": 1,
    },
    "train_noise_shape": {
        "input_shape": (3, 6, 4),
        "kwargs": {"rate": 0.25, "noise_shape": (3, 1, 4), "seed": 11},
        "training": True,
        "graph_seed": 5,
    },
}

CASES = (
    *expand("Dense", _DENSE),
    *expand("Flatten", _FLATTEN),
    *expand("Dropout", _DROPOUT),
)
