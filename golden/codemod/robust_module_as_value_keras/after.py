import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn

cells = tf.nn.rnn_cell  # a module kept in a variable: it becomes compat_layers.rnn_cell
LAYER_FACTORIES = {"dense": tf.layers.dense}
contrib = tf.contrib.rnn  # also holds static_rnn and others compat_layers lacks


def make_cell(kind, units):
    if kind == "norm":
        return contrib_rnn.LayerNormBasicLSTMCell(units)
    if kind == "gru":
        return contrib_rnn.GRUCell(units)
    if kind == "block":
        return contrib.LSTMBlockCell(units)
    return cells.LSTMCell(units)


def make_layer(name, inputs, units):
    return getattr(tf.layers, name)(inputs, units)
