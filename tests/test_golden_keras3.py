"""Keras 3's SeparableConv1D, given the golden weights, reproduces the golden numbers.

This is the migration target: what the codemod emits must compute what the legacy layer
computed. The Keras 3 construct per case (causal included) is in golden/keras3.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import tensorflow as tf

from golden import store
from golden.cases import CASES, Case
from golden.keras3 import KERAS3_BIAS_AXIS_BUG, keras3_bias_axis_bug, run_keras3
from golden.tolerances import GoldenMaxDiffReport, assert_close, report_line

FAMILY = "keras3"


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    warnings.warn(GoldenMaxDiffReport(report_line(FAMILY)), stacklevel=1)


def _keras3_params() -> list:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=KERAS3_BIAS_AXIS_BUG)]
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


@pytest.mark.xfail(strict=True, reason=KERAS3_BIAS_AXIS_BUG)
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
