"""The TF1 LSTM cells: `LSTMCell` (peepholes, clipping, projection, shards) and `BasicLSTMCell`.

`BasicLSTMCell` is `LSTMCell` without its options: the same variables (`kernel` with gates
`i, j, f, o`, `bias`) and the same op sequence, under its own default name.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from compat_layers import _rnn_base as base
from compat_layers._rnn_cells import UnitsCell

__all__ = ["BasicLSTMCell", "LSTMCell"]

v1 = tf.compat.v1


class LSTMCell(UnitsCell):
    """Long short-term memory cell with optional peepholes, clipping and projection.

    Args:
      num_units: Number of units.
      use_peepholes: Add the diagonal peephole connections (Sak et al., 2014).
      cell_clip: If set, the cell state is clipped to `[-cell_clip, cell_clip]`.
      initializer: Initializer of the kernels and peephole weights (default: the scope's).
      num_proj: If set, the output is projected to `num_proj` units.
      proj_clip: If set (with `num_proj`), the projection is clipped to `[-proj_clip, proj_clip]`.
      num_unit_shards: Split the kernel into this many variables (`kernel/part_0`, ...).
      num_proj_shards: Split the projection kernel likewise.
      forget_bias: Added to the forget gate at run time (default 1.0).
      state_is_tuple: States are `LSTMStateTuple(c, h)` (default) or concatenated `[c, h]`.
      activation: Nonlinearity of the cell state (callable or Keras name); default `tanh`.
      reuse: Whether to reuse variables of an existing scope.
      name: Name of the cell (its variable scope).
      dtype: Default dtype of the variables (default: the input dtype).
      **kwargs: Further layer arguments.

    Input shape: `inputs` `[batch, input_size]`; `state` `LSTMStateTuple(c, h)` with `c`
      `[batch, num_units]` and `h` `[batch, num_proj or num_units]`.
    Output shape: `(h, new_state)`.
    Variables: `kernel` `[input_size + (num_proj or num_units), 4 * num_units]` (gates
    `i, j, f, o`), `bias` `[4 * num_units]`, `w_f_diag`, `w_i_diag`, `w_o_diag` (peepholes),
    `projection/kernel` `[num_units, num_proj]`.
    Keras 3 equivalent: `keras.layers.LSTMCell` without peepholes, clipping or projection
    (`migrate.layouts.lstm_v1_to_keras`, which folds `forget_bias` into the bias).
    """

    _KERAS_NAME = "LSTMCell"

    def __init__(
        self,
        num_units,
        use_peepholes=False,
        cell_clip=None,
        initializer=None,
        num_proj=None,
        proj_clip=None,
        num_unit_shards=None,
        num_proj_shards=None,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        self._use_peepholes = bool(use_peepholes)
        self._cell_clip = base.optional_clip("cell_clip", cell_clip)
        self._initializer = initializer
        self._num_proj = base.optional_positive("num_proj", num_proj)
        self._proj_clip = base.optional_clip("proj_clip", proj_clip)
        self._num_unit_shards = base.optional_positive("num_unit_shards", num_unit_shards)
        self._num_proj_shards = base.optional_positive("num_proj_shards", num_proj_shards)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        super().__init__(num_units, activation, reuse, name, dtype, **kwargs)

    @property
    def state_size(self) -> Any:
        h = self._num_proj or self._num_units
        if self._state_is_tuple:
            return base.LSTMStateTuple(self._num_units, h)
        return self._num_units + h

    @property
    def output_size(self) -> Any:
        return self._num_proj or self._num_units

    def build(self, input_shape: Any) -> None:
        depth = self._input_depth(input_shape)
        units, init = self._num_units, self._initializer
        self._kernel = self.add_weight(
            "kernel",
            shape=[depth + self.output_size, 4 * units],
            initializer=init,
            partitioner=self._partitioner(self._num_unit_shards),
        )
        self._bias = self.add_weight("bias", shape=[4 * units], initializer=self._zeros())
        if self._use_peepholes:
            self._w_f_diag, self._w_i_diag, self._w_o_diag = (
                self.add_weight(name, shape=[units], initializer=init)
                for name in ("w_f_diag", "w_i_diag", "w_o_diag")
            )
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight(
                "projection/kernel",
                shape=[units, self._num_proj],
                initializer=init,
                partitioner=self._partitioner(self._num_proj_shards),
            )

    @staticmethod
    def _partitioner(shards: int | None) -> Any:
        return None if shards is None else v1.fixed_size_partitioner(shards)

    def call(self, inputs: Any, state: Any) -> tuple[Any, Any]:
        units, sigmoid, act = self._num_units, tf.sigmoid, self._activation
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            base.check_input_dtypes(state)
            c_prev = tf.slice(state, [0, 0], [-1, units])
            m_prev = tf.slice(state, [0, units], [-1, self.output_size])
        base.check_input_dtypes(inputs, c_prev, m_prev)
        if inputs.shape[1] is None:  # rank 2 is checked by the input spec
            raise ValueError(
                "Could not infer input size from inputs.get_shape()[-1]."
                f"Received input shape: {inputs.shape}"
            )
        lstm_matrix = tf.nn.bias_add(
            tf.matmul(tf.concat([inputs, m_prev], 1), self._kernel), self._bias
        )
        i, j, f, o = tf.split(lstm_matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            c = sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev + sigmoid(
                i + self._w_i_diag * c_prev
            ) * act(j)
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * act(c)
        else:
            m = sigmoid(o) * act(c)
        if self._num_proj is not None:
            m = tf.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = base.LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "use_peepholes": self._use_peepholes,
            "cell_clip": self._cell_clip,
            "initializer": self._initializer,
            "num_proj": self._num_proj,
            "proj_clip": self._proj_clip,
            "num_unit_shards": self._num_unit_shards,
            "num_proj_shards": self._num_proj_shards,
            "forget_bias": self._forget_bias,
            "state_is_tuple": self._state_is_tuple,
        }


class BasicLSTMCell(LSTMCell):
    """The baseline LSTM cell: `LSTMCell` without peepholes, clipping, projection or shards.

    Args:
      num_units: Number of units.
      forget_bias: Added to the forget gate at run time (default 1.0; 0.0 for weights trained
        with CudnnLSTM).
      state_is_tuple: States are `LSTMStateTuple(c, h)` (default) or concatenated `[c, h]`.
      activation: Nonlinearity of the cell state; default `tanh`.
      reuse: Whether to reuse variables of an existing scope.
      name: Name of the cell (its variable scope).
      dtype: Default dtype of the variables (default: the input dtype).
      **kwargs: Further layer arguments.

    Input shape: `inputs` `[batch, input_size]`, `state` `LSTMStateTuple(c, h)`.
    Output shape: `(h, new_state)`, `h` `[batch, num_units]`.
    Variables: `kernel` `[input_size + num_units, 4 * num_units]` (gates `i, j, f, o`), `bias`.
    Keras 3 equivalent: `keras.layers.LSTMCell` (`migrate.layouts.lstm_v1_to_keras`).
    """

    def __init__(
        self,
        num_units,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(
            num_units,
            forget_bias=forget_bias,
            state_is_tuple=state_is_tuple,
            activation=activation,
            reuse=reuse,
            name=name,
            dtype=dtype,
            **kwargs,
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        for key in ("use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip"):
            del config[key]
        del config["num_unit_shards"], config["num_proj_shards"]
        return config
