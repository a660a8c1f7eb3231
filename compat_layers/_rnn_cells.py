"""The TF1 cells `BasicRNNCell`, `GRUCell` and `MultiRNNCell`, and what all built-in cells share.

Each cell creates the legacy variables (names, shapes, initializers, creation order) in
`build` and computes with the legacy op sequence in `call`, so TF1 checkpoints restore and the
numbers agree with `tf.compat.v1.nn.rnn_cell`. `migrate.layouts` converts their weights to
Keras 3 cells where one exists.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import tensorflow as tf

from compat_layers import _rnn_base as base
from compat_layers.base import Layer, LegacyLayerWarning
from compat_layers.input_spec import InputSpec

__all__ = ["BasicRNNCell", "GRUCell", "MultiRNNCell", "UnitsCell"]

v1 = tf.compat.v1


def _user_stacklevel() -> int:
    # The first frame outside compat_layers: the user's line that built the cell.
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("compat_layers."):
        frame, level = frame.f_back, level + 1
    return level


def _warn_deprecated(cls_name: str, replacement: str) -> None:
    warnings.warn(
        f"`tf.nn.rnn_cell.{cls_name}` is deprecated and will be removed in a future version. "
        f"The Keras 3 equivalent is `keras.layers.{replacement}` (weights convert with "
        "`migrate.layouts`).",
        LegacyLayerWarning,
        stacklevel=_user_stacklevel(),
    )


def _activation(value: Any) -> Any:
    if not value:
        return tf.tanh
    import keras  # deferred: only named activations need it

    return keras.activations.get(value)


def _activation_name(fn: Any) -> Any:
    return "tanh" if fn is tf.tanh else getattr(fn, "__name__", fn)


class UnitsCell(base.LayerRNNCell):
    """Shared constructor of the built-in cells: units, activation, 2D inputs, legacy warning."""

    _KERAS_NAME = ""

    def __init__(self, num_units: int, activation: Any, reuse: Any, name: Any, dtype: Any, **kw):
        _warn_deprecated(type(self).__name__, self._KERAS_NAME)
        self._num_units = base.positive_units("num_units", num_units)
        self._activation = _activation(activation)
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kw)
        self.input_spec = InputSpec(ndim=2)

    @property
    def state_size(self) -> Any:
        return self._num_units

    @property
    def output_size(self) -> Any:
        return self._num_units

    def _zeros(self) -> Any:
        return v1.zeros_initializer()

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "num_units": self._num_units,
            "activation": _activation_name(self._activation),
            "reuse": self._reuse,
        }


class BasicRNNCell(UnitsCell):
    """The most basic RNN cell: `output = new_state = activation([x, h] @ kernel + bias)`.

    Args:
      num_units: Number of units.
      activation: Nonlinearity (callable or Keras name); default `tanh`.
      reuse: Whether to reuse variables of an existing scope.
      name: Name of the cell (its variable scope); cells with the same name share variables.
      dtype: Default dtype of the variables (default: the input dtype).
      **kwargs: Further layer arguments, e.g. `trainable`.

    Input shape: `inputs` `[batch, input_size]`, `state` `[batch, num_units]`.
    Output shape: `(output, new_state)`, both `[batch, num_units]`.
    Variables: `kernel` `[input_size + num_units, num_units]`, `bias` `[num_units]`.
    Keras 3 equivalent: `keras.layers.SimpleRNNCell` (`migrate.layouts.basic_rnn_v1_to_keras`).
    """

    _KERAS_NAME = "SimpleRNNCell"

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)

    def build(self, input_shape: Any) -> None:
        depth = self._input_depth(input_shape)
        units = self._num_units
        self._kernel = self.add_weight("kernel", shape=[depth + units, units])
        self._bias = self.add_weight("bias", shape=[units], initializer=self._zeros())

    def call(self, inputs: Any, state: Any) -> tuple[Any, Any]:
        base.check_input_dtypes(inputs, state)
        gate_inputs = tf.nn.bias_add(
            tf.matmul(tf.concat([inputs, state], 1), self._kernel), self._bias
        )
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(UnitsCell):
    """Gated recurrent unit cell (Cho et al., 2014), reset gate applied before the matmul.

    Args:
      num_units: Number of units.
      activation: Nonlinearity of the candidate (callable or Keras name); default `tanh`.
      reuse: Whether to reuse variables of an existing scope.
      kernel_initializer: Initializer of both kernels (default: the scope's initializer).
      bias_initializer: Initializer of both biases (default: 1.0 for the gates, 0.0 for the
        candidate).
      name: Name of the cell (its variable scope).
      dtype: Default dtype of the variables (default: the input dtype).
      **kwargs: Further layer arguments.

    Input shape: `inputs` `[batch, input_size]`, `state` `[batch, num_units]`.
    Output shape: `(output, new_state)`, both `[batch, num_units]`.
    Variables: `gates/kernel` `[input_size + num_units, 2 * num_units]` (`r, u`), `gates/bias`,
    `candidate/kernel` `[input_size + num_units, num_units]`, `candidate/bias`.
    Keras 3 equivalent: `keras.layers.GRUCell(reset_after=False)`
    (`migrate.layouts.gru_v1_to_keras`).
    """

    _KERAS_NAME = "GRUCell(reset_after=False)"

    def __init__(
        self,
        num_units,
        activation=None,
        reuse=None,
        kernel_initializer=None,
        bias_initializer=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, input_shape: Any) -> None:
        rows = self._input_depth(input_shape) + self._num_units
        units, init = self._num_units, self._bias_initializer
        gate_bias = init if init is not None else v1.constant_initializer(1.0)
        kernel = self._kernel_initializer
        self._gate_kernel = self.add_weight("gates/kernel", [rows, 2 * units], initializer=kernel)
        self._gate_bias = self.add_weight("gates/bias", [2 * units], initializer=gate_bias)
        self._candidate_kernel = self.add_weight(
            "candidate/kernel", [rows, units], initializer=kernel
        )
        self._candidate_bias = self.add_weight(
            "candidate/bias", [units], initializer=init if init is not None else self._zeros()
        )

    def call(self, inputs: Any, state: Any) -> tuple[Any, Any]:
        base.check_input_dtypes(inputs, state)
        gates = tf.nn.bias_add(
            tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel), self._gate_bias
        )
        r, u = tf.split(tf.sigmoid(gates), num_or_size_splits=2, axis=1)
        candidate = tf.matmul(tf.concat([inputs, r * state], 1), self._candidate_kernel)
        c = self._activation(tf.nn.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "kernel_initializer": self._kernel_initializer,
            "bias_initializer": self._bias_initializer,
        }


class MultiRNNCell(base.RNNCell):
    """A stack of cells: each cell's output is the next cell's input, in `cell_<i>` scopes.

    Args:
      cells: list of RNN cells, applied in order.
      state_is_tuple: States are a tuple with one entry per cell (default), or concatenated.

    Input shape: `inputs` `[batch, input_size]`, `state` a tuple of the cells' states.
    Output shape: `(output of the last cell, tuple of new states)`.
    Keras 3 equivalent: `keras.layers.StackedRNNCells`.

    Example:

    >>> cell = MultiRNNCell([GRUCell(4), BasicRNNCell(2)])
    >>> state = cell.zero_state(batch_size=3, dtype=tf.float32)
    >>> for step in range(5):
    ...     output, state = cell(tf.ones([3, 2]), state)
    >>> output.shape, [s.shape for s in state], len(cell.weights)
    (TensorShape([3, 2]), [TensorShape([3, 4]), TensorShape([3, 2])], 6)
    """

    def __init__(self, cells, state_is_tuple=True):
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not tf.nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but received: {cells}.")
        if not state_is_tuple and any(tf.nest.is_nested(c.state_size) for c in cells):
            raise ValueError(
                "Some cells return tuples of states, but the flag state_is_tuple is not set. "
                f"State sizes are: {[c.state_size for c in cells]}"
            )
        super().__init__()
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple

    @property
    def state_size(self) -> Any:
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self) -> Any:
        return self._cells[-1].output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)

    def _cell_weights(self, attribute: str) -> list[Any]:
        return [w for c in self._cells if isinstance(c, Layer) for w in getattr(c, attribute)]

    @property
    def trainable_weights(self) -> list[Any]:
        return self._cell_weights("trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self) -> list[Any]:
        own = self._cell_weights("non_trainable_weights")
        return own if self.trainable else self._cell_weights("trainable_weights") + own

    def call(self, inputs: Any, state: Any) -> tuple[Any, Any]:
        position, output, new_states = 0, inputs, []
        for i, cell in enumerate(self._cells):
            with v1.variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not tf.nest.is_nested(state):
                        raise ValueError(
                            f"Expected state to be a tuple of length {len(self.state_size)}, "
                            f"but received: {state}"
                        )
                    cell_state = state[i]
                else:
                    cell_state = tf.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                output, new_state = cell(output, cell_state)
                new_states.append(new_state)
        return output, tuple(new_states) if self._state_is_tuple else tf.concat(new_states, 1)
