import tensorflow as tf
from tensorflow.contrib import rnn as contrib_rnn
import compat_layers

cells = tf.nn.rnn_cell  # a module kept in a variable
LAYER_FACTORIES = {"dense": compat_layers.dense}


def make_cell(kind, units):
    if kind == "norm":
        return contrib_rnn.LayerNormBasicLSTMCell(units)
    if kind == "gru":
        return compat_layers.rnn_cell.GRUCell(units)
    return cells.LSTMCell(units)


def make_layer(name, inputs, units):
    return getattr(tf.layers, name)(inputs, units)
