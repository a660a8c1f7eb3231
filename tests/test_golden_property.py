"""Property, per layer family: any valid configuration gives compat_layers == Keras 3.

No golden files: hypothesis draws configurations (derandomized), the arrays come from the
registry's seeded generator, and both implementations run eagerly with identical weights;
the output, every gradient and the updated moving statistics must agree within the dtype's
tolerance, after the documented Keras 3 differences (`LayerSpec.keras3_expected`). Cases
that hit a known Keras 3 defect (strict xfails in test_golden_keras3.py) are not drawn.

Every layer of a family must exist in `compat_layers`.
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import compat_layers
from golden import harness
from golden.cases import DTYPES, FAMILIES, Case, make_arrays
from golden.families.conv import RANKS
from golden.families.pooling import DTYPES_3D
from golden.families.pooling import LAYERS as POOLING_LAYERS
from golden.keras3 import keras3_status, run_keras3
from golden.tolerances import GoldenMaxDiffReport, assert_close, report_line

FAMILY = "property compat vs keras3"
SETTINGS = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    warnings.warn(GoldenMaxDiffReport(report_line(FAMILY)), stacklevel=1)


def available(family: str) -> list[str]:
    """The family's layers; fails if compat_layers lacks one."""
    layers = FAMILIES[family]
    missing = sorted(layer for layer in layers if not hasattr(compat_layers, layer))
    if missing:
        pytest.fail(f"compat_layers lacks {missing}")
    return list(layers)


def _case(layer: str, dtype: str, shape, kwargs: dict, training=None) -> Case:
    # The variant names the configuration, and so seeds the arrays.
    variant = repr((shape, sorted(kwargs.items()), training, dtype))
    return Case(layer, variant, dtype, tuple(shape), kwargs, training)


def check(case: Case) -> None:
    assume(keras3_status(case)[0] == "run")
    arrays = make_arrays(case)
    cls = getattr(compat_layers, case.layer)
    kwargs = harness.constructor_kwargs(case)
    ours = harness.run_eager(case, lambda: cls(**kwargs), arrays)
    theirs = run_keras3(case, arrays)
    assert sorted(ours) == sorted(theirs)
    assert ours["output"].shape == case.output_shape
    expected = case.spec.keras3_expected(case, {**arrays, **ours})
    for key, value in theirs.items():
        assert_close(value, expected[key], case.dtype, what=f"{case.name}: {key}", family=FAMILY)


def _spatial(draw, rank: int, low: int) -> list[int]:
    return [draw(st.integers(low, low + 4)) for _ in range(rank)]


def _activation(draw):
    return draw(st.sampled_from([None, "relu", "tanh"]))


@st.composite
def conv_cases(draw, layers: list[str]) -> Case:
    layer = draw(st.sampled_from(layers))
    rank = RANKS[layer]
    transpose = layer.endswith("Transpose")
    kernel = [draw(st.integers(1, 3)) for _ in range(rank)]
    strides = [draw(st.integers(1, 2)) for _ in range(rank)]
    if layer.startswith("Separable"):
        # TensorFlow's depthwise kernel takes equal strides only (legacy and Keras 3 alike).
        strides = [strides[0]] * rank
    # The legacy layers refuse strides > 1 together with dilation > 1; transposes have none.
    dilate = not transpose and all(s == 1 for s in strides) and draw(st.booleans())
    dilation = [draw(st.integers(1, 2)) if dilate else 1 for _ in range(rank)]
    paddings = ["valid", "same"] + (["causal"] if rank == 1 and not transpose else [])
    padding = draw(st.sampled_from(paddings))
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True)]
    sizes = [draw(st.integers(sp if padding == "valid" else 1, sp + 4)) for sp in spans]
    channels = draw(st.integers(1, 3))
    channels_first = draw(st.booleans())
    kwargs = {
        "filters": draw(st.integers(1, 4)),
        "kernel_size": tuple(kernel),
        "strides": tuple(strides),
        "padding": padding,
        "data_format": "channels_first" if channels_first else "channels_last",
        "activation": _activation(draw),
        "use_bias": draw(st.booleans()),
    }
    if transpose and any(k < s for k, s in zip(kernel, strides, strict=True)):
        # Kernels shorter than the stride leave outputs that no input reaches: exact zeros,
        # where ReLU sits on its kink.
        kwargs["activation"] = draw(st.sampled_from([None, "tanh"]))
    if not transpose:
        kwargs["dilation_rate"] = tuple(dilation)
    if layer.startswith("Separable"):
        kwargs["depth_multiplier"] = draw(st.integers(1, 2))
    batch = draw(st.integers(1, 2))
    shape = (batch, channels, *sizes) if channels_first else (batch, *sizes, channels)
    return _case(layer, draw(st.sampled_from(DTYPES)), shape, kwargs)


@st.composite
def core_cases(draw, layers: list[str]) -> Case:
    layer = draw(st.sampled_from(layers))
    dtype = draw(st.sampled_from(DTYPES))
    rank = draw(st.integers(2, 4))
    shape = (draw(st.integers(1, 3)), *_spatial(draw, rank - 1, 1))
    if layer == "Dense":
        kwargs = {
            "units": draw(st.integers(1, 5)),
            "activation": _activation(draw),
            "use_bias": draw(st.booleans()),
        }
        return _case(layer, dtype, shape, kwargs)
    if layer == "Flatten":
        fmt = draw(st.sampled_from(["channels_last", "channels_first"]))
        return _case(layer, dtype, shape, {"data_format": fmt})
    # Dropout: Keras 3 draws other masks, so only the deterministic calls compare.
    training = draw(st.sampled_from([False, None, True]))
    rate = 0.0 if training else draw(st.sampled_from([0.1, 0.5]))
    return _case(layer, dtype, shape, {"rate": rate}, training)


@st.composite
def pooling_cases(draw, layers: list[str]) -> Case:
    layer = draw(st.sampled_from(layers))
    rank = POOLING_LAYERS[layer][1]
    pool = [draw(st.integers(1, 3)) for _ in range(rank)]
    padding = draw(st.sampled_from(["valid", "same"]))
    sizes = [draw(st.integers(p if padding == "valid" else 1, p + 4)) for p in pool]
    channels_first = draw(st.booleans())
    channels = draw(st.integers(1, 3))
    batch = draw(st.integers(1, 2))
    shape = (batch, channels, *sizes) if channels_first else (batch, *sizes, channels)
    kwargs = {
        "pool_size": tuple(pool),
        "strides": tuple(draw(st.integers(1, 3)) for _ in range(rank)),
        "padding": padding,
        "data_format": "channels_first" if channels_first else "channels_last",
    }
    dtype = draw(st.sampled_from(DTYPES_3D if rank == 3 else DTYPES))
    return _case(layer, dtype, shape, kwargs)


@st.composite
def normalization_cases(draw, layers: list[str]) -> Case:
    rank = draw(st.integers(2, 5))
    shape = (draw(st.integers(2, 4)), *_spatial(draw, rank - 1, 1))
    kwargs = {
        "axis": draw(st.sampled_from([-1, 1])),
        "momentum": draw(st.sampled_from([0.99, 0.9, 0.5])),
        "epsilon": draw(st.sampled_from([1e-3, 0.1])),
        "center": draw(st.booleans()),
        "scale": draw(st.booleans()),
        "fused": draw(st.sampled_from([None, False])),
    }
    training = draw(st.booleans())
    return _case("BatchNormalization", draw(st.sampled_from(DTYPES)), shape, kwargs, training)


@SETTINGS
@given(data=st.data())
def test_conv_family_compat_equals_keras3(data) -> None:
    check(data.draw(conv_cases(available("conv"))))


@SETTINGS
@given(data=st.data())
def test_core_family_compat_equals_keras3(data) -> None:
    check(data.draw(core_cases(available("core"))))


@SETTINGS
@given(data=st.data())
def test_pooling_family_compat_equals_keras3(data) -> None:
    check(data.draw(pooling_cases(available("pooling"))))


@SETTINGS
@given(data=st.data())
def test_normalization_family_compat_equals_keras3(data) -> None:
    check(data.draw(normalization_cases(available("normalization"))))
