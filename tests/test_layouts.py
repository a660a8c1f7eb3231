"""migrate.layouts: v1 RNN cell weights <-> Keras 3 cell weights.

The v1 cells are modelled here in NumPy from their documented equations (the legacy cells
themselves are compared with the same Keras cells in tests/test_rnn_cell_keras.py); the
Keras 3 cells run in-process with the converted weights.
"""

from __future__ import annotations

import doctest

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate import layouts


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _v1_lstm_step(x, c, h, kernel, bias, forget_bias):
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    new_c = c * _sigmoid(f + forget_bias) + _sigmoid(i) * np.tanh(j)
    return new_c, np.tanh(new_c) * _sigmoid(o)


def _v1_gru_step(x, h, gates_kernel, gates_bias, candidate_kernel, candidate_bias):
    r, u = np.split(_sigmoid(np.concatenate([x, h], 1) @ gates_kernel + gates_bias), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ candidate_kernel + candidate_bias)
    return u * h + (1 - u) * c


def _v1_basic_rnn_step(x, h, kernel, bias):
    return np.tanh(np.concatenate([x, h], 1) @ kernel + bias)


def _rand(rng, shape, dtype):
    return rng.uniform(-1, 1, shape).astype(dtype)


def _keras_cell(cls, units, input_size, dtype, weights, **kwargs):
    cell = cls(units, dtype=dtype, **kwargs)
    cell.build((None, input_size))
    cell.set_weights(list(weights))
    return cell


TOLERANCE = {"float32": 2e-6, "float64": 1e-13}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("forget_bias", [1.0, 0.0, -0.5])
def test_lstm_v1_to_keras_runs_the_same_steps(dtype, forget_bias):
    rng = np.random.RandomState(0)
    units, input_size, batch = 5, 3, 4
    kernel = _rand(rng, (input_size + units, 4 * units), dtype)
    bias = _rand(rng, (4 * units,), dtype)
    cell = _keras_cell(
        keras.layers.LSTMCell,
        units,
        input_size,
        dtype,
        layouts.lstm_v1_to_keras(kernel, bias, forget_bias=forget_bias),
    )
    c = _rand(rng, (batch, units), dtype)
    h = _rand(rng, (batch, units), dtype)
    kh, kc = h, c
    for _ in range(4):
        x = _rand(rng, (batch, input_size), dtype)
        c, h = _v1_lstm_step(x, c, h, kernel, bias, forget_bias)
        out, (kh, kc) = cell(x, [kh, kc])
        np.testing.assert_allclose(np.asarray(out), h, atol=TOLERANCE[dtype], rtol=0)
        np.testing.assert_allclose(np.asarray(kc), c, atol=TOLERANCE[dtype], rtol=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gru_v1_to_keras_runs_the_same_steps(dtype):
    rng = np.random.RandomState(1)
    units, input_size, batch = 4, 6, 3
    v1 = layouts.V1GRUWeights(
        _rand(rng, (input_size + units, 2 * units), dtype),
        _rand(rng, (2 * units,), dtype),
        _rand(rng, (input_size + units, units), dtype),
        _rand(rng, (units,), dtype),
    )
    cell = _keras_cell(
        keras.layers.GRUCell,
        units,
        input_size,
        dtype,
        layouts.gru_v1_to_keras(*v1),
        reset_after=False,
    )
    h = kh = _rand(rng, (batch, units), dtype)
    for _ in range(4):
        x = _rand(rng, (batch, input_size), dtype)
        h = _v1_gru_step(x, h, *v1)
        out, kh = cell(x, kh)
        np.testing.assert_allclose(np.asarray(out), h, atol=TOLERANCE[dtype], rtol=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_basic_rnn_v1_to_keras_runs_the_same_steps(dtype):
    rng = np.random.RandomState(2)
    units, input_size, batch = 3, 2, 5
    kernel = _rand(rng, (input_size + units, units), dtype)
    bias = _rand(rng, (units,), dtype)
    cell = _keras_cell(
        keras.layers.SimpleRNNCell,
        units,
        input_size,
        dtype,
        layouts.basic_rnn_v1_to_keras(kernel, bias),
    )
    h = kh = _rand(rng, (batch, units), dtype)
    for _ in range(4):
        x = _rand(rng, (batch, input_size), dtype)
        h = _v1_basic_rnn_step(x, h, kernel, bias)
        out, kh = cell(x, kh)
        np.testing.assert_allclose(np.asarray(out), h, atol=TOLERANCE[dtype], rtol=0)


def test_lstm_gate_blocks_move_to_keras_order():
    units, input_size = 2, 1
    # Column block k of the v1 kernel/bias holds the value k: i=0, j=1, f=2, o=3.
    kernel = np.repeat(np.arange(4.0), units)[None].repeat(input_size + units, 0)
    bias = np.repeat(np.arange(4.0), units)
    keras_weights = layouts.lstm_v1_to_keras(kernel, bias, forget_bias=10.0)
    assert keras_weights.kernel.tolist() == [[0, 0, 2, 2, 1, 1, 3, 3]]
    assert keras_weights.recurrent_kernel.tolist() == [[0, 0, 2, 2, 1, 1, 3, 3]] * units
    assert keras_weights.bias.tolist() == [0, 0, 12, 12, 1, 1, 3, 3]


def test_gru_gate_blocks_move_to_keras_order():
    units, input_size = 1, 1
    v1 = layouts.V1GRUWeights(
        np.array([[1.0, 2.0], [3.0, 4.0]]),  # rows x, h; columns r, u
        np.array([5.0, 6.0]),
        np.array([[7.0], [8.0]]),
        np.array([9.0]),
    )
    keras_weights = layouts.gru_v1_to_keras(*v1)
    assert keras_weights.kernel.tolist() == [[2.0, 1.0, 7.0]]  # z(=u), r, h
    assert keras_weights.recurrent_kernel.tolist() == [[4.0, 3.0, 8.0]]
    assert keras_weights.bias.tolist() == [6.0, 5.0, 9.0]
    assert input_size + units == v1.gates_kernel.shape[0]


_shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=20, deadline=None)
@given(_shapes, st.sampled_from([np.float32, np.float64]), st.floats(-2, 2))
def test_lstm_round_trips(shape, dtype, forget_bias):
    input_size, units = shape
    rng = np.random.RandomState(input_size * 7 + units)
    kernel = _rand(rng, (input_size + units, 4 * units), dtype)
    bias = _rand(rng, (4 * units,), dtype)
    keras_weights = layouts.lstm_v1_to_keras(kernel, bias, forget_bias=forget_bias)
    assert [w.dtype for w in keras_weights] == [dtype] * 3
    back = layouts.lstm_keras_to_v1(*keras_weights, forget_bias=forget_bias)
    np.testing.assert_array_equal(back.kernel, kernel)
    np.testing.assert_allclose(back.bias, bias, atol=1e-6, rtol=0)


@settings(max_examples=20, deadline=None)
@given(_shapes, st.sampled_from([np.float32, np.float64]))
def test_gru_and_basic_rnn_round_trip_exactly(shape, dtype):
    input_size, units = shape
    rng = np.random.RandomState(input_size * 11 + units)
    gru = layouts.V1GRUWeights(
        _rand(rng, (input_size + units, 2 * units), dtype),
        _rand(rng, (2 * units,), dtype),
        _rand(rng, (input_size + units, units), dtype),
        _rand(rng, (units,), dtype),
    )
    for got, want in zip(layouts.gru_keras_to_v1(*layouts.gru_v1_to_keras(*gru)), gru, strict=True):
        np.testing.assert_array_equal(got, want)
    basic = layouts.V1BasicRNNWeights(
        _rand(rng, (input_size + units, units), dtype), _rand(rng, (units,), dtype)
    )
    keras_basic = layouts.basic_rnn_v1_to_keras(*basic)
    assert keras_basic.kernel.shape == (input_size, units)
    for got, want in zip(layouts.basic_rnn_keras_to_v1(*keras_basic), basic, strict=True):
        np.testing.assert_array_equal(got, want)


def test_keras_to_v1_matches_a_keras_cell_built_first():
    # The other direction, numerically: a Keras GRU/LSTM with its own weights equals the v1
    # equations run on the converted variables.
    rng = np.random.RandomState(3)
    units, input_size, batch = 3, 4, 2
    lstm = keras.layers.LSTMCell(units, bias_initializer="random_uniform")
    lstm.build((None, input_size))
    gru = keras.layers.GRUCell(units, reset_after=False, bias_initializer="random_uniform")
    gru.build((None, input_size))
    v1_lstm = layouts.lstm_keras_to_v1(*lstm.get_weights(), forget_bias=1.0)
    v1_gru = layouts.gru_keras_to_v1(*gru.get_weights())
    x = _rand(rng, (batch, input_size), "float32")
    h = _rand(rng, (batch, units), "float32")
    c = _rand(rng, (batch, units), "float32")
    out, _ = lstm(x, [h, c])
    _, want = _v1_lstm_step(x, c, h, *v1_lstm, forget_bias=1.0)
    np.testing.assert_allclose(np.asarray(out), want, atol=2e-6, rtol=0)
    out, _ = gru(x, h)
    np.testing.assert_allclose(np.asarray(out), _v1_gru_step(x, h, *v1_gru), atol=2e-6, rtol=0)


def test_variable_names_are_the_v1_names_in_creation_order():
    assert layouts.V1LSTMWeights.VARIABLE_NAMES == ("kernel", "bias")
    assert layouts.V1GRUWeights.VARIABLE_NAMES == (
        "gates/kernel",
        "gates/bias",
        "candidate/kernel",
        "candidate/bias",
    )
    assert layouts.V1BasicRNNWeights.VARIABLE_NAMES == ("kernel", "bias")
    assert layouts.V1GRUWeights._fields == (
        "gates_kernel",
        "gates_bias",
        "candidate_kernel",
        "candidate_bias",
    )


@pytest.mark.parametrize(
    "call, message",
    [
        pytest.param(
            lambda: layouts.lstm_v1_to_keras(np.zeros((5, 7)), np.zeros(7)),
            "Invalid value for argument `kernel`. Expected a 2D array whose column count is a "
            "positive multiple of 4. Received: kernel.shape=(5, 7)",
            id="lstm columns",
        ),
        pytest.param(
            lambda: layouts.lstm_v1_to_keras(np.zeros((2, 8)), np.zeros(8)),
            "Invalid value for argument `kernel`. Expected more than 2 rows (input size + 2 "
            "units). Received: kernel.shape=(2, 8)",
            id="lstm no input rows",
        ),
        pytest.param(
            lambda: layouts.lstm_v1_to_keras(np.zeros((5, 8)), np.zeros(4)),
            "Invalid value for argument `bias`. Expected a 1D array of length 8. "
            "Received: bias.shape=(4,)",
            id="lstm bias",
        ),
        pytest.param(
            lambda: layouts.lstm_keras_to_v1(np.zeros((3, 8)), np.zeros((3, 8)), np.zeros(8)),
            "Invalid value for argument `recurrent_kernel`. Expected 2 rows (one per unit). "
            "Received: recurrent_kernel.shape=(3, 8)",
            id="lstm recurrent rows",
        ),
        pytest.param(
            lambda: layouts.gru_v1_to_keras(
                np.zeros((5, 4)), np.zeros(4), np.zeros((5, 3)), np.zeros(2)
            ),
            "Invalid value for argument `candidate_kernel`. Expected shape (5, 2). "
            "Received: candidate_kernel.shape=(5, 3)",
            id="gru candidate",
        ),
        pytest.param(
            lambda: layouts.gru_keras_to_v1(np.zeros((3, 6)), np.zeros((2, 6)), np.zeros((2, 6))),
            "Invalid value for argument `bias`. Expected a 1D array of length 6. "
            "Received: bias.shape=(2, 6)",
            id="gru reset_after bias",
        ),
        pytest.param(
            lambda: layouts.basic_rnn_keras_to_v1(np.zeros((3, 2)), np.zeros((3, 3)), np.zeros(2)),
            "Invalid value for argument `recurrent_kernel`. Expected shape (2, 2). "
            "Received: recurrent_kernel.shape=(3, 3)",
            id="basic recurrent",
        ),
    ],
)
def test_bad_shapes_name_the_argument(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_module_example_runs():
    failures, tried = doctest.testmod(layouts, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
