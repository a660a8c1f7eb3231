"""Weight layouts of TF1 RNN cells and their Keras 3 counterparts, converted both ways.

Pure NumPy, no TensorFlow: the migration codemod, the checkpoint converter and the tests use
the same functions. Each `*_to_keras` function returns a `KerasCellWeights` whose order is the
order of `keras.layers.LSTMCell(...).get_weights()` (likewise `GRUCell`, `SimpleRNNCell`), so
`cell.set_weights(list(weights))` loads it; each `*_to_v1` function returns the v1 variables
under their names inside the cell's variable scope (`V1LSTMWeights.VARIABLE_NAMES`).

| TF1 cell                                   | Keras 3 cell                       |
| ------------------------------------------ | ---------------------------------- |
| `BasicLSTMCell`, `LSTMCell` (no peepholes, | `LSTMCell` (`recurrent_activation= |
| no projection, no clipping)                | "sigmoid"`, the default)           |
| `GRUCell`                                  | `GRUCell(reset_after=False)`       |
| `BasicRNNCell`                             | `SimpleRNNCell`                    |

The layouts:

* v1 LSTM: `kernel` `[input + units, 4 * units]` multiplies `concat([x, h])`; its columns hold
  the gates `i, j, f, o` (`j` the candidate). `bias` `[4 * units]`. The cell adds `forget_bias`
  (1.0 by default) to `f` at run time, so that value is part of the model but not of a variable.
  Keras: `kernel` `[input, 4 * units]`, `recurrent_kernel` `[units, 4 * units]`, `bias`
  `[4 * units]`, gates `i, f, c, o`; nothing is added at run time, so the forget bias is folded
  into `bias`.
* v1 GRU: `gates/kernel` `[input + units, 2 * units]` (gates `r, u`), `gates/bias`
  `[2 * units]`, `candidate/kernel` `[input + units, units]` (multiplies `concat([x, r * h])`),
  `candidate/bias` `[units]`; `h' = u * h + (1 - u) * c`. Keras `GRUCell(reset_after=False)`:
  `kernel` `[input, 3 * units]`, `recurrent_kernel` `[units, 3 * units]`, `bias` `[3 * units]`,
  gates `z, r, h`, where `z` is v1's `u`.
* v1 basic RNN: `kernel` `[input + units, units]`, `bias` `[units]`. Keras `SimpleRNNCell`:
  `kernel` `[input, units]`, `recurrent_kernel` `[units, units]`, `bias` `[units]`.

Example:

    >>> import numpy as np
    >>> kernel = np.zeros((3 + 2, 4 * 2), np.float32)
    >>> bias = np.zeros(4 * 2, np.float32)
    >>> keras_weights = lstm_v1_to_keras(kernel, bias, forget_bias=1.0)
    >>> [w.shape for w in keras_weights]
    [(3, 8), (2, 8), (8,)]
    >>> keras_weights.bias.tolist()  # i, f (forget bias folded in), c, o
    [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    >>> back = lstm_keras_to_v1(*keras_weights, forget_bias=1.0)
    >>> bool(np.array_equal(back.kernel, kernel)), bool(np.array_equal(back.bias, bias))
    (True, True)
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "KerasCellWeights",
    "V1BasicRNNWeights",
    "V1GRUWeights",
    "V1LSTMWeights",
    "basic_rnn_keras_to_v1",
    "basic_rnn_v1_to_keras",
    "gru_keras_to_v1",
    "gru_v1_to_keras",
    "lstm_keras_to_v1",
    "lstm_v1_to_keras",
]


class KerasCellWeights(NamedTuple):
    """Weights of a Keras 3 `LSTMCell`, `GRUCell(reset_after=False)` or `SimpleRNNCell`.

    The field order is the cell's `get_weights()` order.
    """

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray


class V1LSTMWeights(NamedTuple):
    """Variables of a v1 `BasicLSTMCell` / `LSTMCell` without peepholes or projection."""

    kernel: np.ndarray
    bias: np.ndarray

    VARIABLE_NAMES = ("kernel", "bias")


class V1GRUWeights(NamedTuple):
    """Variables of a v1 `GRUCell`, in the order the cell creates them."""

    gates_kernel: np.ndarray
    gates_bias: np.ndarray
    candidate_kernel: np.ndarray
    candidate_bias: np.ndarray

    VARIABLE_NAMES = (
        "gates/kernel",
        "gates/bias",
        "candidate/kernel",
        "candidate/bias",
    )


class V1BasicRNNWeights(NamedTuple):
    """Variables of a v1 `BasicRNNCell`."""

    kernel: np.ndarray
    bias: np.ndarray

    VARIABLE_NAMES = ("kernel", "bias")


# v1 LSTM column blocks i, j, f, o  <->  Keras i, f, c(=j), o: the permutation is its own inverse.
_LSTM_GATE_ORDER = (0, 2, 1, 3)


def _invalid(argument: str, expected: str, array: np.ndarray) -> ValueError:
    return ValueError(
        f"Invalid value for argument `{argument}`. Expected {expected}. "
        f"Received: {argument}.shape={tuple(array.shape)}"
    )


def _matrix(argument: str, value: Any, columns_multiple: int) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != 2 or array.shape[1] == 0 or array.shape[1] % columns_multiple:
        raise _invalid(
            argument,
            f"a 2D array whose column count is a positive multiple of {columns_multiple}",
            array,
        )
    return array


def _vector(argument: str, value: Any, length: int) -> np.ndarray:
    array = np.asarray(value)
    if array.shape != (length,):
        raise _invalid(argument, f"a 1D array of length {length}", array)
    return array


def _split_rows(argument: str, kernel: np.ndarray, units: int) -> tuple[np.ndarray, np.ndarray]:
    """Split a v1 `[input + units, n]` kernel into its input and recurrent rows."""
    if kernel.shape[0] <= units:
        raise _invalid(argument, f"more than {units} rows (input size + {units} units)", kernel)
    return kernel[:-units], kernel[-units:]


def _blocks(array: np.ndarray, order: tuple[int, ...], count: int) -> np.ndarray:
    """Reorder the `count` equal column blocks of `array` (the last axis)."""
    parts = np.split(array, count, axis=-1)
    return np.concatenate([parts[i] for i in order], axis=-1)


def _recurrent_rows(argument: str, recurrent: np.ndarray, units: int) -> None:
    if recurrent.shape[0] != units:
        raise _invalid(argument, f"{units} rows (one per unit)", recurrent)


def lstm_v1_to_keras(kernel: Any, bias: Any, *, forget_bias: float = 1.0) -> KerasCellWeights:
    """Convert v1 `BasicLSTMCell` / `LSTMCell` variables to a Keras 3 `LSTMCell`'s weights.

    Args:
      kernel: the v1 `kernel`, `[input + units, 4 * units]`, gates `i, j, f, o`.
      bias: the v1 `bias`, `[4 * units]`.
      forget_bias: the cell's `forget_bias` argument (v1 default 1.0); it is added to the
        forget-gate bias because Keras adds nothing at run time.

    Returns:
      `KerasCellWeights(kernel, recurrent_kernel, bias)`, gates `i, f, c, o`, in the dtype of
      the inputs.

    Raises:
      ValueError: the shapes are not those of a v1 LSTM (a peephole or projection cell's
        `kernel` has the same shape as a plain one; those have no Keras 3 equivalent and
        must not be converted).
    """
    kernel = _matrix("kernel", kernel, 4)
    units = kernel.shape[1] // 4
    bias = _vector("bias", bias, 4 * units)
    input_rows, recurrent_rows = _split_rows("kernel", kernel, units)
    keras_bias = _blocks(bias, _LSTM_GATE_ORDER, 4).copy()
    keras_bias[units : 2 * units] += np.asarray(forget_bias, dtype=bias.dtype)
    return KerasCellWeights(
        _blocks(input_rows, _LSTM_GATE_ORDER, 4),
        _blocks(recurrent_rows, _LSTM_GATE_ORDER, 4),
        keras_bias,
    )


def lstm_keras_to_v1(
    kernel: Any, recurrent_kernel: Any, bias: Any, *, forget_bias: float = 1.0
) -> V1LSTMWeights:
    """Convert a Keras 3 `LSTMCell`'s weights to v1 `BasicLSTMCell` / `LSTMCell` variables.

    Args:
      kernel: Keras `kernel`, `[input, 4 * units]`, gates `i, f, c, o`.
      recurrent_kernel: Keras `recurrent_kernel`, `[units, 4 * units]`.
      bias: Keras `bias`, `[4 * units]`.
      forget_bias: the `forget_bias` the v1 cell will be built with; it is subtracted from the
        forget-gate bias because the v1 cell adds it at run time.

    Returns:
      `V1LSTMWeights(kernel, bias)`: `kernel` `[input + units, 4 * units]`, gates `i, j, f, o`.
    """
    kernel = _matrix("kernel", kernel, 4)
    units = kernel.shape[1] // 4
    recurrent_kernel = _matrix("recurrent_kernel", recurrent_kernel, 4)
    _recurrent_rows("recurrent_kernel", recurrent_kernel, units)
    if recurrent_kernel.shape[1] != 4 * units:
        raise _invalid("recurrent_kernel", f"{4 * units} columns, as `kernel`", recurrent_kernel)
    bias = _vector("bias", bias, 4 * units).copy()
    bias[units : 2 * units] -= np.asarray(forget_bias, dtype=bias.dtype)
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    return V1LSTMWeights(_blocks(stacked, _LSTM_GATE_ORDER, 4), _blocks(bias, _LSTM_GATE_ORDER, 4))


def gru_v1_to_keras(
    gates_kernel: Any, gates_bias: Any, candidate_kernel: Any, candidate_bias: Any
) -> KerasCellWeights:
    """Convert v1 `GRUCell` variables to a Keras 3 `GRUCell(reset_after=False)`'s weights.

    Args:
      gates_kernel: v1 `gates/kernel`, `[input + units, 2 * units]`, gates `r, u`.
      gates_bias: v1 `gates/bias`, `[2 * units]`.
      candidate_kernel: v1 `candidate/kernel`, `[input + units, units]`.
      candidate_bias: v1 `candidate/bias`, `[units]`.

    Returns:
      `KerasCellWeights(kernel, recurrent_kernel, bias)`, gates `z, r, h` (`z` is v1's `u`).
    """
    gates_kernel = _matrix("gates_kernel", gates_kernel, 2)
    units = gates_kernel.shape[1] // 2
    gates_bias = _vector("gates_bias", gates_bias, 2 * units)
    candidate_kernel = _matrix("candidate_kernel", candidate_kernel, 1)
    if candidate_kernel.shape != (gates_kernel.shape[0], units):
        raise _invalid(
            "candidate_kernel", f"shape {(gates_kernel.shape[0], units)}", candidate_kernel
        )
    candidate_bias = _vector("candidate_bias", candidate_bias, units)
    gate_x, gate_h = _split_rows("gates_kernel", gates_kernel, units)
    cand_x, cand_h = _split_rows("candidate_kernel", candidate_kernel, units)
    r, u = slice(0, units), slice(units, 2 * units)
    return KerasCellWeights(
        np.concatenate([gate_x[:, u], gate_x[:, r], cand_x], axis=1),
        np.concatenate([gate_h[:, u], gate_h[:, r], cand_h], axis=1),
        np.concatenate([gates_bias[u], gates_bias[r], candidate_bias]),
    )


def gru_keras_to_v1(kernel: Any, recurrent_kernel: Any, bias: Any) -> V1GRUWeights:
    """Convert a Keras 3 `GRUCell(reset_after=False)`'s weights to v1 `GRUCell` variables.

    Args:
      kernel: Keras `kernel`, `[input, 3 * units]`, gates `z, r, h`.
      recurrent_kernel: Keras `recurrent_kernel`, `[units, 3 * units]`.
      bias: Keras `bias`, `[3 * units]` (a `reset_after=True` cell's `[2, 3 * units]` bias has
        no v1 equivalent and is refused).

    Returns:
      `V1GRUWeights(gates_kernel, gates_bias, candidate_kernel, candidate_bias)`.
    """
    kernel = _matrix("kernel", kernel, 3)
    units = kernel.shape[1] // 3
    recurrent_kernel = _matrix("recurrent_kernel", recurrent_kernel, 3)
    _recurrent_rows("recurrent_kernel", recurrent_kernel, units)
    if recurrent_kernel.shape[1] != 3 * units:
        raise _invalid("recurrent_kernel", f"{3 * units} columns, as `kernel`", recurrent_kernel)
    bias = _vector("bias", bias, 3 * units)
    stacked = np.concatenate([kernel, recurrent_kernel], axis=0)
    z, r, h = (slice(k * units, (k + 1) * units) for k in range(3))
    return V1GRUWeights(
        np.concatenate([stacked[:, r], stacked[:, z]], axis=1),
        np.concatenate([bias[r], bias[z]]),
        stacked[:, h].copy(),
        bias[h].copy(),
    )


def basic_rnn_v1_to_keras(kernel: Any, bias: Any) -> KerasCellWeights:
    """Convert v1 `BasicRNNCell` variables to a Keras 3 `SimpleRNNCell`'s weights.

    Args:
      kernel: v1 `kernel`, `[input + units, units]`.
      bias: v1 `bias`, `[units]`.

    Returns:
      `KerasCellWeights(kernel, recurrent_kernel, bias)`.
    """
    kernel = _matrix("kernel", kernel, 1)
    units = kernel.shape[1]
    bias = _vector("bias", bias, units)
    input_rows, recurrent_rows = _split_rows("kernel", kernel, units)
    return KerasCellWeights(input_rows.copy(), recurrent_rows.copy(), bias.copy())


def basic_rnn_keras_to_v1(kernel: Any, recurrent_kernel: Any, bias: Any) -> V1BasicRNNWeights:
    """Convert a Keras 3 `SimpleRNNCell`'s weights to v1 `BasicRNNCell` variables.

    Args:
      kernel: Keras `kernel`, `[input, units]`.
      recurrent_kernel: Keras `recurrent_kernel`, `[units, units]`.
      bias: Keras `bias`, `[units]`.

    Returns:
      `V1BasicRNNWeights(kernel, bias)`, `kernel` `[input + units, units]`.
    """
    kernel = _matrix("kernel", kernel, 1)
    units = kernel.shape[1]
    recurrent_kernel = np.asarray(recurrent_kernel)
    if recurrent_kernel.shape != (units, units):
        raise _invalid("recurrent_kernel", f"shape {(units, units)}", recurrent_kernel)
    bias = _vector("bias", bias, units)
    return V1BasicRNNWeights(np.concatenate([kernel, recurrent_kernel], axis=0), bias.copy())
