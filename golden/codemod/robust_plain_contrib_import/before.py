import tensorflow as tf
import tensorflow.contrib.rnn  # loads tf.contrib.rnn (lazy in TF 1.x)
import tensorflow.contrib.slim


def encoder(tokens, units):
    cell = tf.contrib.rnn.GRUCell(units)
    outputs, _ = tf.nn.dynamic_rnn(cell, tokens, dtype=tf.float32)
    return tensorflow.contrib.slim.fully_connected(outputs, units)
