"""Keras 3's SeparableConv1D, given the golden weights, reproduces the golden numbers.

This is the migration target: what the codemod emits must compute what the legacy layer
computed. 'valid' and 'same' cases use `tf.keras.layers.SeparableConv1D` directly; 'causal'
cases (which Keras 3 rejects) use the construct from the codemod's contract,
`Sequential([ZeroPadding1D((dilation_rate * (kernel_size - 1), 0)), SeparableConv1D(padding="valid")])`.
Every layer gets `dtype=` the case dtype, because Keras 3 otherwise computes in float32.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import tensorflow as tf

from golden import store
from golden.cases import CASES, WEIGHT_NAMES, Case
from golden.tolerances import GoldenMaxDiffReport, assert_close, report_line

FAMILY = "keras3"


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    warnings.warn(GoldenMaxDiffReport(report_line(FAMILY)), stacklevel=1)


def keras3_model(case: Case) -> tuple[tf.keras.layers.Layer, tf.keras.layers.Layer]:
    """`(model, conv)`: the Keras 3 replacement for `case` and its SeparableConv1D."""
    kwargs = case.layer_kwargs()
    if case.padding != "causal":
        conv = tf.keras.layers.SeparableConv1D(dtype=case.dtype, **kwargs)
        return conv, conv
    kwargs["padding"] = "valid"
    conv = tf.keras.layers.SeparableConv1D(dtype=case.dtype, **kwargs)
    pad = tf.keras.layers.ZeroPadding1D(
        padding=(case.dilation_rate * (case.kernel_size - 1), 0),
        data_format=case.data_format,
        dtype=case.dtype,
    )
    return tf.keras.Sequential([pad, conv]), conv


def run_keras3(case: Case, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    model, conv = keras3_model(case)
    model.build(arrays["x"].shape)
    variables = {v.name: v for v in conv.weights}
    names = [name for name in WEIGHT_NAMES if name in arrays]
    assert sorted(variables) == sorted(names)
    conv.set_weights([arrays[name] for name in names])
    x = tf.constant(arrays["x"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = model(x)
        loss = tf.reduce_sum(y * tf.constant(arrays["cotangent"]))
    grads = tape.gradient(loss, [x] + [variables[name] for name in names])
    result = {"output": y.numpy(), "grad_x": grads[0].numpy()}
    for name, grad in zip(names, grads[1:]):
        result[f"grad_{name}"] = grad.numpy()
    return result


def keras3_bias_axis_bug(case: Case) -> bool:
    """Whether `case` hits the bias-add bug of Keras 3.15's TensorFlow backend.

    `keras.ops.add(x, bias)` with `x` of shape (B, F, T) and `bias` of shape (1, F, 1)
    becomes `tf.nn.bias_add(..., data_format="NHWC")` whenever T == F, adding the bias
    along the length axis. SeparableConv1D (like every conv layer) adds its bias that
    way, so channels_first outputs whose length equals `filters` come out wrong.
    """
    return (
        case.channels_first
        and case.use_bias
        and case.filters > 1
        and case.output_length == case.filters
    )


_BUG_REASON = "Keras 3 ops.add adds a (1, F, 1) bias on the last axis when length == F"


def _keras3_params() -> list:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=_BUG_REASON)]
            if keras3_bias_axis_bug(case)
            else [],
        )
        for case in CASES
    ]


@pytest.mark.parametrize("case", _keras3_params())
def test_keras3_reproduces_golden(case: Case) -> None:
    golden = store.load_arrays(case)
    result = run_keras3(case, golden)
    assert result["output"].dtype == np.dtype(case.dtype)
    for key, value in result.items():
        assert_close(value, golden[key], case.dtype, what=f"{case.name}: {key}", family=FAMILY)


@pytest.mark.xfail(strict=True, reason=_BUG_REASON)
def test_keras3_add_broadcasts_channels_first_bias_like_numpy() -> None:
    # The minimal form of the bug above; strict, so a fixed Keras makes this test fail and
    # the xfail marks can go.
    x = np.zeros((1, 3, 3), np.float32)
    bias = np.arange(3, dtype=np.float32).reshape(1, 3, 1)
    np.testing.assert_array_equal(tf.keras.ops.add(x, bias), x + bias)


def test_golden_cases_include_the_keras3_bias_axis_bug() -> None:
    # Keeps the registry covering the configuration where Keras 3 goes wrong.
    assert any(keras3_bias_axis_bug(case) for case in CASES)


def test_keras3_rejects_causal_padding() -> None:
    # The reason 'causal' needs the ZeroPadding1D construct at all.
    with pytest.raises(ValueError, match="padding"):
        tf.keras.layers.SeparableConv1D(2, 3, padding="causal")


def test_keras3_without_dtype_computes_in_float32() -> None:
    # Why every Keras 3 layer above gets dtype=: a float64 input is cast to float32.
    case = next(c for c in CASES if c.dtype == "float64")
    golden = store.load_arrays(case)
    conv = tf.keras.layers.SeparableConv1D(**case.layer_kwargs())
    assert conv(golden["x"]).dtype == tf.float32
