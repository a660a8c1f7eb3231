import tensorflow as tf
import tensorflow  # loads tf.contrib.rnn (lazy in TF 1.x)
import tensorflow.contrib.slim
import compat_layers


def encoder(tokens, units):
    cell = compat_layers.rnn_cell.GRUCell(units)
    outputs, _ = tf.nn.dynamic_rnn(cell, tokens, dtype=tf.float32)
    return tensorflow.contrib.slim.fully_connected(outputs, units)
