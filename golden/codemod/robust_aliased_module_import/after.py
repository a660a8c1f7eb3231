import tensorflow as tf
# gone in TensorFlow 2
import tensorflow.contrib.layers as contrib_layers, tensorflow.python.ops.rnn_cell_impl as impl
import compat_layers


def stacked(units, depth):
    cells = [compat_layers.rnn_cell.GRUCell(units) for _ in range(depth)]
    return compat_layers.rnn_cell.MultiRNNCell(cells), impl.assert_like_rnncell


def head(features):
    return contrib_layers.fully_connected(features, 10)
