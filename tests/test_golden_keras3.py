"""Keras 3's matching layer, given the golden weights, reproduces the golden numbers.

This is the migration target: what the codemod emits must compute what the legacy layer
computed, within the dtype's tolerance. Per layer the construct is in the family module
(`LayerSpec.keras3`); documented differences are applied to the expectation
(`LayerSpec.keras3_expected`: batch norm's moving variance), cases Keras 3 cannot express
are skipped with the reason, and cases that hit a Keras 3 bug are strict xfails, so a fixed
Keras makes them fail and the marks can go.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import tensorflow as tf

from golden import store
from golden.cases import CASES, Case, case_by_name
from golden.families.normalization import fused
from golden.keras3 import KERAS3_BIAS_AXIS_BUG, KERAS3_NCHW_ON_CPU, keras3_status, run_keras3
from golden.tolerances import GoldenMaxDiffReport, assert_close, report_line

FAMILY = "keras3"


@pytest.fixture(scope="module", autouse=True)
def _report_max_diff():
    yield
    warnings.warn(GoldenMaxDiffReport(report_line(FAMILY)), stacklevel=1)


def _params() -> list:
    params = []
    for case in CASES:
        status, reason, raises = keras3_status(case)
        marks = {
            "run": [],
            "skip": [pytest.mark.skip(reason=reason)],
            "xfail": [pytest.mark.xfail(strict=True, reason=reason, raises=raises)],
        }[status]
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_keras3_reproduces_golden(case: Case) -> None:
    golden = store.load_arrays(case)
    expected = case.spec.keras3_expected(case, golden)
    result = run_keras3(case, golden)
    assert result["output"].dtype == np.dtype(case.dtype)
    for key, value in result.items():
        assert_close(value, expected[key], case.dtype, what=f"{case.name}: {key}", family=FAMILY)


def test_every_layer_has_keras3_cases() -> None:
    ran = {case.layer for case in CASES if keras3_status(case)[0] == "run"}
    assert ran == {case.layer for case in CASES}


@pytest.mark.xfail(strict=True, reason=KERAS3_BIAS_AXIS_BUG)
def test_keras3_add_broadcasts_channels_first_bias_like_numpy() -> None:
    # The minimal form of the bug above; strict, so a fixed Keras makes this test fail and
    # the xfail marks can go.
    x = np.zeros((1, 3, 3), np.float32)
    bias = np.arange(3, dtype=np.float32).reshape(1, 3, 1)
    np.testing.assert_array_equal(tf.keras.ops.add(x, bias), x + bias)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_golden_cases_include_the_keras3_bias_axis_bug(rank: int) -> None:
    # Keeps the registry covering the configuration where Keras 3 goes wrong, per rank.
    hits = [c for c in CASES if keras3_status(c)[1] == KERAS3_BIAS_AXIS_BUG]
    assert any(len(c.input_shape) == rank + 2 for c in hits)


@pytest.mark.xfail(strict=True, reason=KERAS3_NCHW_ON_CPU, raises=tf.errors.UnimplementedError)
def test_keras3_conv2d_channels_first_runs_on_cpu() -> None:
    # Minimal form of the NCHW failure (the test session runs with oneDNN off).
    layer = tf.keras.layers.Conv2D(2, 2, data_format="channels_first", use_bias=False)
    assert layer(np.ones((1, 2, 4, 4), np.float32)).shape == (1, 2, 3, 3)


def test_keras3_rejects_causal_separable_padding() -> None:
    # The reason 'causal' SeparableConv1D needs the ZeroPadding1D construct at all.
    with pytest.raises(ValueError, match="padding"):
        tf.keras.layers.SeparableConv1D(2, 3, padding="causal")


def test_keras3_without_dtype_computes_in_float32() -> None:
    # Why every Keras 3 layer above gets dtype=: a float64 input is cast to float32.
    golden = store.load_arrays(case_by_name("conv2d-valid-float64"))
    assert tf.keras.layers.Conv2D(3, 3)(golden["x"]).dtype == tf.float32


def test_keras3_moving_variance_is_not_bessel_corrected() -> None:
    # The documented batch norm difference, shown on the raw golden numbers: after one fused
    # training step the legacy moving variance used var * n / (n - 1), Keras 3 uses var.
    case = case_by_name("batch_normalization-train_4d-float32")
    assert fused(case)
    golden = store.load_arrays(case)
    result = run_keras3(case, golden)
    assert not np.allclose(result["updated_moving_variance"], golden["updated_moving_variance"])
    expected = case.spec.keras3_expected(case, golden)["updated_moving_variance"]
    np.testing.assert_allclose(result["updated_moving_variance"], expected, rtol=1e-5, atol=1e-6)


def test_keras3_rnn_mask_repeats_the_last_output_unless_zeroed() -> None:
    # Why the RNN cells' Keras 3 counterpart sets zero_output_for_mask=True: dynamic_rnn
    # gives zeros past a row's sequence_length, Keras's default repeats the last valid output.
    x = np.ones((1, 3, 2), np.float32)
    mask = tf.sequence_mask([1], 3)
    outputs = {}
    for zero in (False, True):
        cell = tf.keras.layers.SimpleRNNCell(2, kernel_initializer="ones")
        layer = tf.keras.layers.RNN(cell, return_sequences=True, zero_output_for_mask=zero)
        outputs[zero] = layer(x, mask=mask).numpy()[0]
    np.testing.assert_array_equal(outputs[False][1:], outputs[False][[0, 0]])
    assert np.all(outputs[False][0] != 0)
    np.testing.assert_array_equal(outputs[True][1:], np.zeros((2, 2), np.float32))
    np.testing.assert_array_equal(outputs[True][0], outputs[False][0])
