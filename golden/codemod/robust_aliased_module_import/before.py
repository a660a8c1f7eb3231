import tensorflow as tf
import tensorflow.contrib.rnn as contrib_rnn  # gone in TensorFlow 2
import tensorflow.contrib.layers as contrib_layers, tensorflow.python.ops.rnn_cell_impl as impl


def stacked(units, depth):
    cells = [contrib_rnn.GRUCell(units) for _ in range(depth)]
    return contrib_rnn.MultiRNNCell(cells), impl.assert_like_rnncell


def head(features):
    return contrib_layers.fully_connected(features, 10)
