import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn

cells = tf.nn.rnn_cell  # a module kept in a variable
LAYER_FACTORIES = {"dense": tf.layers.dense}


def make_cell(kind, units):
    if kind == "norm":
        return contrib_rnn.LayerNormBasicLSTMCell(units)
    if kind == "gru":
        return contrib_rnn.GRUCell(units)
    return cells.LSTMCell(units)


def make_layer(name, inputs, units):
    return getattr(tf.layers, name)(inputs, units)
