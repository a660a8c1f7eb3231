"""Golden cases of the convolution family: Conv1D/2D/3D, the transposed and separable convs.

One table of variants per layer, each used with every dtype. Channels_first cases are
recorded natively where TensorFlow's CPU kernels have NCHW (Conv2DTranspose), otherwise on the
channels_last transpose (golden/record.py; index.json records the route of every case).
"""

from __future__ import annotations

import math

import numpy as np

from golden.cases import DTYPES, Case, LayerSpec, Weight, expand
from golden.families import _numpy as npf

FAMILY = "conv"

RANKS = {
    "Conv1D": 1,
    "Conv2D": 2,
    "Conv3D": 3,
    "Conv2DTranspose": 2,
    "Conv3DTranspose": 3,
    "SeparableConv1D": 1,
    "SeparableConv2D": 2,
}


def _tuple(value, rank: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * rank


def _geometry(case: Case) -> dict:
    rank = RANKS[case.layer]
    kw = case.kwargs
    shape = case.input_shape
    spatial = shape[2:] if case.channels_first else shape[1:-1]
    channels = shape[1] if case.channels_first else shape[-1]
    return {
        "rank": rank,
        "kernel": _tuple(kw["kernel_size"], rank),
        "strides": _tuple(kw.get("strides", 1), rank),
        "dilation": _tuple(kw.get("dilation_rate", 1), rank),
        "padding": kw.get("padding", "valid"),
        "spatial": tuple(spatial),
        "channels": channels,
        "filters": kw["filters"],
        "multiplier": kw.get("depth_multiplier", 1),
    }


def _bias(case: Case, g: dict) -> tuple[Weight, ...]:
    if not case.kwargs.get("use_bias", True):
        return ()
    return (Weight("bias", (g["filters"],), -0.5, 0.5),)


def _conv_weights(case: Case) -> tuple[Weight, ...]:
    g = _geometry(case)
    fan_in = math.prod(g["kernel"]) * g["channels"]
    if case.layer.endswith("Transpose"):
        kernel = Weight("kernel", (*g["kernel"], g["filters"], g["channels"]), fan_in=fan_in)
    else:
        kernel = Weight("kernel", (*g["kernel"], g["channels"], g["filters"]), fan_in=fan_in)
    return (kernel, *_bias(case, g))


def _separable_weights(case: Case) -> tuple[Weight, ...]:
    g = _geometry(case)
    mid = g["channels"] * g["multiplier"]
    return (
        Weight(
            "depthwise_kernel",
            (*g["kernel"], g["channels"], g["multiplier"]),
            fan_in=math.prod(g["kernel"]),
        ),
        Weight("pointwise_kernel", (*(1,) * g["rank"], mid, g["filters"]), fan_in=mid),
        *_bias(case, g),
    )


def _out_sizes(case: Case) -> tuple[int, ...]:
    g = _geometry(case)
    sizes = []
    for n, k, s, d in zip(g["spatial"], g["kernel"], g["strides"], g["dilation"], strict=True):
        if case.layer.endswith("Transpose"):
            sizes.append(n * s if g["padding"] == "same" else n * s + max(k - s, 0))
        elif g["padding"] == "valid":
            sizes.append(math.ceil((n - d * (k - 1)) / s))
        else:
            sizes.append(math.ceil(n / s))
    return tuple(sizes)


def _output_shape(case: Case) -> tuple[int, ...]:
    batch, filters = case.input_shape[0], case.kwargs["filters"]
    sizes = _out_sizes(case)
    return (batch, filters, *sizes) if case.channels_first else (batch, *sizes, filters)


def _numpy_forward(arrays: dict, case: Case, pre_activation: bool = False) -> np.ndarray:
    g = _geometry(case)
    x = npf.to_channels_last(arrays["x"], case.channels_first)
    if case.layer.endswith("Transpose"):
        out = npf.conv_transpose_nd(x, arrays["kernel"], g["strides"], g["padding"])
    else:
        if "depthwise_kernel" in arrays:
            full = npf.depthwise_as_full(arrays["depthwise_kernel"])
            kernel = full @ np.asarray(arrays["pointwise_kernel"], np.float64).reshape(
                full.shape[-1], -1
            )
        else:
            kernel = arrays["kernel"]
        out = npf.conv_nd(x, kernel, g["strides"], g["dilation"], g["padding"])
    if "bias" in arrays:
        out = out + np.asarray(arrays["bias"], np.float64)
    if not pre_activation:
        out = npf.activate(out, case.kwargs.get("activation"))
    return npf.from_channels_last(out, case.channels_first)


KERAS3_BIAS_AXIS_BUG = (
    "Keras 3 (3.15.1) ops.add on TensorFlow adds a (1, F, 1, ...) bias on the last axis when "
    "the channels_first output's last dimension equals F"
)


KERAS3_NCHW_ON_CPU = (
    "Keras 3 (3.15.1) passes channels_first Conv1D/Conv2D/Conv2DTranspose/Conv3DTranspose to "
    "TensorFlow as NCHW, which the CPU kernels lack with oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, "
    "as the tests run): UnimplementedError / InvalidArgumentError; its separable convs, "
    "Conv3D and pooling transpose on CPU and run"
)
_KERAS3_NCHW_LAYERS = ("Conv1D", "Conv2D", "Conv2DTranspose", "Conv3DTranspose")


def _keras3_xfail(case: Case) -> tuple[str, type[BaseException]] | None:
    """The Keras 3 defect `case` runs into, and the exception it shows as.

    NCHW on CPU (above) raises a TensorFlow op error. Otherwise the bias-add bug of Keras
    3.15's TensorFlow backend: `keras.ops.add(x, bias)` with `x` of shape (B, F, ..., T) and
    `bias` of shape (1, F, 1, ...) becomes `tf.nn.bias_add(..., data_format="NHWC")` whenever
    T == F, adding the bias along the last spatial axis (every Keras 3 conv layer adds its
    bias that way): wrong numbers.
    """
    if case.channels_first and case.layer in _KERAS3_NCHW_LAYERS:
        import tensorflow as tf

        return KERAS3_NCHW_ON_CPU, tf.errors.OpError
    filters = case.kwargs["filters"]
    hit = (
        case.channels_first
        and case.kwargs.get("use_bias", True)
        and filters > 1
        and case.output_shape[-1] == filters
    )
    return (KERAS3_BIAS_AXIS_BUG, AssertionError) if hit else None


def _keras3(case: Case):
    import keras

    kwargs = dict(case.kwargs)
    if case.kwargs.get("padding") == "causal" and case.layer == "SeparableConv1D":
        # Keras 3 rejects 'causal' here; the codemod's construct pads the start instead.
        g = _geometry(case)
        kwargs["padding"] = "valid"
        conv = keras.layers.SeparableConv1D(dtype=case.dtype, **kwargs)
        pad = keras.layers.ZeroPadding1D(
            padding=(g["dilation"][0] * (g["kernel"][0] - 1), 0),
            data_format=case.data_format,
            dtype=case.dtype,
        )
        return keras.Sequential([pad, conv]), conv
    conv = getattr(keras.layers, case.layer)(dtype=case.dtype, **kwargs)
    return conv, conv


def _reference(case: Case) -> str:
    if case.kwargs.get("padding") == "causal" and case.layer == "SeparableConv1D":
        # The legacy class checks padding in ('valid', 'same'); its Keras 2 parent accepts
        # 'causal', so the reference is the tf-keras class (same computation, same graph).
        return "tf.keras.layers.SeparableConv1D"
    return f"tf.compat.v1.layers.{case.layer}"


def _spec(layer: str) -> LayerSpec:
    separable = layer.startswith("Separable")
    return LayerSpec(
        layer=layer,
        family=FAMILY,
        weights=_separable_weights if separable else _conv_weights,
        output_shape=_output_shape,
        numpy_forward=_numpy_forward,
        keras3=_keras3,
        keras3_xfail=_keras3_xfail,
        reference=_reference,
        # The 117 SeparableConv1D cases predate the balance rule and keep their arrays: they
        # only need one pre-activation on each side of zero.
        relu_balance=0.0 if layer == "SeparableConv1D" else 0.2,
    )


SPECS = tuple(_spec(layer) for layer in RANKS)

CF = {"data_format": "channels_first"}


def _v(shape, **kwargs) -> dict:
    kwargs.setdefault("filters", 3)
    kwargs.setdefault("kernel_size", 3)
    return {"input_shape": shape, "kwargs": kwargs}


# SeparableConv1D: the original 117 cases (13 variants x 3 paddings x 3 dtypes), names and
# arrays unchanged: `<padding>-<dtype>-<variant>`.
_SEPARABLE_1D = {
    "base": {},
    "k1_relu_b1": {"kernel_size": 1, "length": 5, "activation": "relu", "batch": 1},
    "k2_s2_len7_tanh": {"kernel_size": 2, "strides": 2, "length": 7, "activation": "tanh"},
    "k8_len8_b3": {"kernel_size": 8, "length": 8, "batch": 3},
    "k3_len3_nobias_tanh_b1": {"length": 3, "batch": 1, "use_bias": False, "activation": "tanh"},
    "s3_len10_relu": {"strides": 3, "length": 10, "activation": "relu"},
    "d2_len11": {"dilation_rate": 2, "length": 11, "filters": 2},
    "d4_k2_len13_nobias_relu": {
        "kernel_size": 2,
        "dilation_rate": 4,
        "length": 13,
        "use_bias": False,
        "activation": "relu",
    },
    "k8_d2_len17_c1": {"kernel_size": 8, "dilation_rate": 2, "length": 17, "channels": 1},
    "m2_c3_f4_tanh": {
        "depth_multiplier": 2,
        "channels": 3,
        "filters": 4,
        "length": 8,
        "activation": "tanh",
    },
    "m3_k2_len6_nobias": {"depth_multiplier": 3, "kernel_size": 2, "length": 6, "use_bias": False},
    "cf_s2_m2_relu": {
        "data_format": "channels_first",
        "strides": 2,
        "depth_multiplier": 2,
        "activation": "relu",
    },
    "cf_d2_len7_tanh_b1": {
        "data_format": "channels_first",
        "dilation_rate": 2,
        "length": 7,
        "batch": 1,
        "activation": "tanh",
    },
}


def _separable_1d_cases():
    for padding in ("valid", "same", "causal"):
        for dtype in DTYPES:
            for variant, overrides in _SEPARABLE_1D.items():
                config = {
                    "filters": 3,
                    "kernel_size": 3,
                    "strides": 1,
                    "dilation_rate": 1,
                    "depth_multiplier": 1,
                    "data_format": "channels_last",
                    "activation": None,
                    "use_bias": True,
                    "batch": 2,
                    "length": 9,
                    "channels": 2,
                    **overrides,
                    "padding": padding,
                }
                batch, length, channels = (config.pop(k) for k in ("batch", "length", "channels"))
                cf = config["data_format"] == "channels_first"
                shape = (batch, channels, length) if cf else (batch, length, channels)
                yield Case(
                    layer="SeparableConv1D",
                    variant=f"{padding}-{dtype}-{variant}",
                    dtype=dtype,
                    input_shape=shape,
                    kwargs=config,
                )


_CONV_1D = {
    "valid": _v((2, 9, 2)),
    "same_s2_relu": _v((2, 9, 2), padding="same", strides=2, activation="relu"),
    "causal_d2_tanh": _v((2, 10, 3), padding="causal", dilation_rate=2, activation="tanh"),
    "valid_k1_nobias_b1": _v((1, 5, 4), kernel_size=1, filters=2, use_bias=False),
    "same_d3_len11_k2": _v((2, 11, 2), padding="same", dilation_rate=3, kernel_size=2),
    "cf_valid_s3_len10": _v((2, 2, 10), strides=3, **CF),
    "cf_same_d2_relu_f4": _v(
        (2, 3, 8), padding="same", dilation_rate=2, filters=4, activation="relu", **CF
    ),
}

_CONV_2D = {
    "valid": _v((2, 6, 7, 2)),
    "same_s2_relu": _v((2, 6, 7, 2), padding="same", strides=2, activation="relu"),
    "valid_k2x3_s12_tanh": _v((2, 5, 8, 3), kernel_size=(2, 3), strides=(1, 2), activation="tanh"),
    "same_d2_nobias": _v((1, 7, 6, 2), padding="same", dilation_rate=2, use_bias=False),
    "valid_d12_k3x2_f2": _v((2, 6, 7, 2), kernel_size=(3, 2), dilation_rate=(1, 2), filters=2),
    "k1_f5_b3": _v((3, 4, 4, 3), kernel_size=1, filters=5),
    # Output width 3 == filters: the Keras 3 bias-axis bug.
    "cf_same_s2_relu": _v((2, 2, 6, 5), padding="same", strides=2, activation="relu", **CF),
    "cf_valid_d2_tanh_nobias": _v(
        (2, 3, 7, 7), dilation_rate=2, use_bias=False, activation="tanh", **CF
    ),
}

_CONV_3D = {
    "valid_k2": _v((2, 4, 5, 4, 2), kernel_size=2),
    "same_s2_relu": _v((2, 4, 5, 4, 2), padding="same", strides=2, activation="relu"),
    "valid_k3x2x1_tanh": _v((1, 5, 4, 3, 3), kernel_size=(3, 2, 1), activation="tanh"),
    "same_d2_nobias_f2": _v(
        (2, 5, 5, 4, 2), padding="same", dilation_rate=2, use_bias=False, filters=2
    ),
    "cf_same_k2_s12": _v((2, 2, 4, 4, 5), padding="same", kernel_size=2, strides=(1, 2, 2), **CF),
    "cf_valid_k2_relu": _v((1, 3, 4, 3, 4), kernel_size=2, activation="relu", **CF),
}

_CONV_2D_T = {
    "valid": _v((2, 4, 5, 2)),
    "same_s2_relu": _v((2, 4, 5, 2), padding="same", strides=2, activation="relu"),
    "valid_k2_s3": _v((2, 3, 4, 3), kernel_size=2, strides=3),
    "same_k3x2_s21_tanh": _v(
        (1, 4, 3, 2), padding="same", kernel_size=(3, 2), strides=(2, 1), activation="tanh"
    ),
    "valid_s2_nobias_f2": _v((2, 3, 3, 2), strides=2, use_bias=False, filters=2),
    "cf_same_s2": _v((2, 2, 3, 4), padding="same", strides=2, **CF),
    # Output width 3 == filters: the Keras 3 bias-axis bug.
    "cf_valid_k2_tanh": _v((2, 3, 4, 2), kernel_size=2, activation="tanh", **CF),
}

_CONV_3D_T = {
    "valid_k2": _v((2, 3, 4, 3, 2), kernel_size=2),
    "same_s2_relu": _v((1, 3, 3, 2, 2), padding="same", strides=2, activation="relu"),
    "valid_k2_s3_nobias": _v((1, 2, 3, 2, 3), kernel_size=2, strides=3, use_bias=False),
    "cf_same_s2_tanh": _v((2, 2, 2, 3, 3), padding="same", strides=2, activation="tanh", **CF),
    "cf_valid_k2_f2": _v((1, 3, 3, 2, 3), kernel_size=2, filters=2, **CF),
}

_SEPARABLE_2D = {
    "valid": _v((2, 6, 7, 2)),
    "same_s2_m2_relu": _v(
        (2, 6, 7, 2), padding="same", strides=2, depth_multiplier=2, activation="relu"
    ),
    "valid_d2_m3_nobias": _v((1, 7, 7, 2), dilation_rate=2, depth_multiplier=3, use_bias=False),
    "same_k2x3_tanh_f4": _v(
        (2, 5, 6, 3), padding="same", kernel_size=(2, 3), filters=4, activation="tanh"
    ),
    "k1_b3": _v((3, 4, 4, 2), kernel_size=1),
    "cf_valid_s2_m2": _v((2, 2, 7, 8), strides=2, depth_multiplier=2, **CF),
    # Output width 3 == filters: the Keras 3 bias-axis bug.
    "cf_same_d2_relu": _v((2, 3, 5, 3), padding="same", dilation_rate=2, activation="relu", **CF),
}

CASES = (
    *expand("Conv1D", _CONV_1D),
    *expand("Conv2D", _CONV_2D),
    *expand("Conv3D", _CONV_3D),
    *expand("Conv2DTranspose", _CONV_2D_T),
    *expand("Conv3DTranspose", _CONV_3D_T),
    *_separable_1d_cases(),
    *expand("SeparableConv2D", _SEPARABLE_2D),
)
