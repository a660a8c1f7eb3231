import tensorflow.compat.v1 as tf


def encoder(x):
    cell = tf.nn.rnn_cell.LSTMCell(8)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    result = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), x, dtype=tf.float32, scope="gru")
    return outputs, state.h, result
