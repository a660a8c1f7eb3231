"""`tf.compat.v1.nn.rnn_cell` for TensorFlow 2.16+ with Keras 3 as the default.

The same names, signatures, variable names and numbers as TensorFlow's legacy cells, which
raise "not available with Keras 3" there. TensorFlow's own `tf.compat.v1.nn.dynamic_rnn`,
`bidirectional_dynamic_rnn`, `static_rnn`, `static_bidirectional_rnn`,
`static_state_saving_rnn` and `raw_rnn` accept these cells:

    from compat_layers import rnn_cell

    cell = rnn_cell.MultiRNNCell([rnn_cell.LSTMCell(128), rnn_cell.GRUCell(64)])
    outputs, state = tf.compat.v1.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)

See docs/rnn_cell.md for an executed example and for what has no Keras 3 equivalent.
"""

from compat_layers._rnn_base import LSTMStateTuple, RNNCell
from compat_layers._rnn_cells import BasicRNNCell, GRUCell, MultiRNNCell
from compat_layers._rnn_lstm import BasicLSTMCell, LSTMCell
from compat_layers._rnn_wrappers import DeviceWrapper, DropoutWrapper, ResidualWrapper

__all__ = [
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "GRUCell",
    "LSTMCell",
    "LSTMStateTuple",
    "MultiRNNCell",
    "RNNCell",
    "ResidualWrapper",
]
