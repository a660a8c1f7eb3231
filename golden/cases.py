"""The registry of golden cases: configurations and their fixed, seeded inputs and weights.

Every case is one `SeparableConv1D` configuration plus an input shape and a dtype. Its
arrays (input, the three weights and the cotangent that defines the scalar function whose
gradients are recorded) come from NumPy with a seed derived from the case name, so they
never depend on TensorFlow's initializers or random state.

The recorded function of a case is `loss = sum(output * cotangent)`; its gradients with
respect to the input and to each weight are part of the golden data.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace

import numpy as np

__all__ = [
    "CASES",
    "DTYPES",
    "PADDINGS",
    "WEIGHT_NAMES",
    "Case",
    "case_by_name",
    "make_arrays",
    "numpy_forward",
]

DTYPES = ("float32", "float64", "float16")
PADDINGS = ("valid", "same", "causal")
# The order of `layer.weights` in the legacy layer, in tf-keras and in Keras 3.
WEIGHT_NAMES = ("depthwise_kernel", "pointwise_kernel", "bias")


@dataclass(frozen=True)
class Case:
    """One golden configuration.

    The first block of fields are `SeparableConv1D` constructor arguments, the second the
    input (`batch`, `length`, `channels`) and the dtype of input, weights and output.
    """

    name: str
    padding: str
    dtype: str
    filters: int = 3
    kernel_size: int = 3
    strides: int = 1
    dilation_rate: int = 1
    depth_multiplier: int = 1
    data_format: str = "channels_last"
    activation: str | None = None
    use_bias: bool = True
    batch: int = 2
    length: int = 9
    channels: int = 2

    @property
    def seed(self) -> int:
        # crc32 is stable across Python versions and processes (unlike hash()).
        return zlib.crc32(self.name.encode("utf-8"))

    def layer_kwargs(self) -> dict:
        """Constructor arguments shared by the legacy, compat and Keras 3 layers."""
        return {
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "depth_multiplier": self.depth_multiplier,
            "activation": self.activation,
            "use_bias": self.use_bias,
        }

    def to_config(self) -> dict:
        """A JSON-serialisable dict; `Case(**config)` rebuilds the case."""
        return asdict(self)

    @property
    def channels_first(self) -> bool:
        return self.data_format == "channels_first"

    @property
    def input_shape(self) -> tuple[int, int, int]:
        if self.channels_first:
            return (self.batch, self.channels, self.length)
        return (self.batch, self.length, self.channels)

    @property
    def output_length(self) -> int:
        if self.padding == "valid":
            span = self.dilation_rate * (self.kernel_size - 1) + 1
            return math.ceil((self.length - span + 1) / self.strides)
        # 'same' and 'causal' both keep ceil(length / strides) positions.
        return math.ceil(self.length / self.strides)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        if self.channels_first:
            return (self.batch, self.filters, self.output_length)
        return (self.batch, self.output_length, self.filters)

    @property
    def weight_shapes(self) -> dict[str, tuple[int, ...]]:
        shapes = {
            "depthwise_kernel": (self.kernel_size, self.channels, self.depth_multiplier),
            "pointwise_kernel": (1, self.channels * self.depth_multiplier, self.filters),
        }
        if self.use_bias:
            shapes["bias"] = (self.filters,)
        return shapes


def numpy_forward(arrays: dict[str, np.ndarray], case: Case) -> np.ndarray:
    """The layer's output computed directly in float64 NumPy, independent of TensorFlow.

    Used to keep ReLU pre-activations away from zero when drawing arrays, and by the
    tests as a second, TensorFlow-free check of the stored outputs.
    """
    x = np.asarray(arrays["x"], np.float64)
    if case.channels_first:
        x = x.transpose(0, 2, 1)
    k, d, s = case.kernel_size, case.dilation_rate, case.strides
    span = d * (k - 1) + 1
    length = x.shape[1]
    if case.padding == "valid":
        before, after = 0, 0
    elif case.padding == "causal":
        before, after = span - 1, 0
    else:
        # TensorFlow's SAME: the total padding is split with the extra element at the end.
        out_len = math.ceil(length / s)
        total = max((out_len - 1) * s + span - length, 0)
        before, after = total // 2, total - total // 2
    xp = np.pad(x, ((0, 0), (before, after), (0, 0)))
    out_len = (xp.shape[1] - span) // s + 1
    depthwise = np.asarray(arrays["depthwise_kernel"], np.float64)
    taps = np.stack(
        [xp[:, j * d : j * d + (out_len - 1) * s + 1 : s, :] for j in range(k)], axis=1
    )  # (batch, k, out_len, channels)
    # Depthwise output channel c * depth_multiplier + m, as TensorFlow orders it.
    mid = np.einsum("bjtc,jcm->btcm", taps, depthwise).reshape(x.shape[0], out_len, -1)
    out = mid @ np.asarray(arrays["pointwise_kernel"], np.float64)[0]
    if case.use_bias:
        out = out + np.asarray(arrays["bias"], np.float64)
    if case.activation == "relu":
        out = np.maximum(out, 0.0)
    elif case.activation == "tanh":
        out = np.tanh(out)
    if case.channels_first:
        out = out.transpose(0, 2, 1)
    return out


def _pre_activation(arrays: dict[str, np.ndarray], case: Case) -> np.ndarray:
    return numpy_forward(arrays, replace(case, activation=None))


# Smallest |pre-activation| allowed in a ReLU case: two implementations that round
# differently must not land on different sides of the kink (that would flip a gradient
# between 0 and the cotangent, a difference no tolerance should absorb).
_RELU_MARGIN = 0.02


def make_arrays(case: Case) -> dict[str, np.ndarray]:
    """The fixed input, weights and cotangent of `case`, in the case dtype.

    Deterministic: the same case always gives bit-identical arrays.
    """
    dtype = np.dtype(case.dtype)
    shapes = case.weight_shapes
    for attempt in range(10_000):
        rng = np.random.default_rng([case.seed, attempt])
        arrays = {"x": rng.uniform(-1.0, 1.0, case.input_shape)}
        # Scaled by fan-in so outputs stay of order one for every kernel size.
        arrays["depthwise_kernel"] = rng.uniform(-1.0, 1.0, shapes["depthwise_kernel"]) / (
            math.sqrt(case.kernel_size)
        )
        arrays["pointwise_kernel"] = rng.uniform(-1.0, 1.0, shapes["pointwise_kernel"]) / (
            math.sqrt(case.channels * case.depth_multiplier)
        )
        if case.use_bias:
            arrays["bias"] = rng.uniform(-0.5, 0.5, shapes["bias"])
        arrays["cotangent"] = rng.uniform(-1.0, 1.0, case.output_shape)
        arrays = {key: value.astype(dtype) for key, value in arrays.items()}
        if case.activation != "relu":
            return arrays
        if np.min(np.abs(_pre_activation(arrays, case))) >= _RELU_MARGIN:
            return arrays
    raise RuntimeError(f"no ReLU-safe arrays found for case {case.name!r}")


# Each variant is used with every padding and every dtype. Together they cover kernel
# sizes 1, 2, 3, 8; strides 1, 2, 3; dilation 1, 2, 4; depth multipliers 1, 2, 3;
# length == kernel size, odd lengths and lengths that the stride does not divide;
# channels_first; bias on and off; no activation, relu and tanh; batch 1, 2 and 3.
_VARIANTS: dict[str, dict] = {
    "base": {},
    "k1_relu_b1": {"kernel_size": 1, "length": 5, "activation": "relu", "batch": 1},
    "k2_s2_len7_tanh": {"kernel_size": 2, "strides": 2, "length": 7, "activation": "tanh"},
    "k8_len8_b3": {"kernel_size": 8, "length": 8, "batch": 3},
    "k3_len3_nobias_tanh_b1": {
        "length": 3,
        "batch": 1,
        "use_bias": False,
        "activation": "tanh",
    },
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


def _build_cases() -> Iterator[Case]:
    for padding in PADDINGS:
        for dtype in DTYPES:
            for variant, overrides in _VARIANTS.items():
                yield Case(
                    name=f"{padding}-{dtype}-{variant}", padding=padding, dtype=dtype, **overrides
                )


CASES: tuple[Case, ...] = tuple(_build_cases())


def case_by_name(name: str) -> Case:
    """The registered case called `name`.

    Raises:
      KeyError: no case has that name.
    """
    for case in CASES:
        if case.name == name:
            return case
    raise KeyError(f"no golden case named {name!r}")
