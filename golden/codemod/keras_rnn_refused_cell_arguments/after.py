import tensorflow.compat.v1 as tf


def encoder(x):
    cell = tf.nn.rnn_cell.LSTMCell(8, initializer=tf.glorot_uniform_initializer(), name="lstm")
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    gru = tf.nn.rnn_cell.GRUCell(8, dtype=tf.float64)
    more, _ = tf.nn.dynamic_rnn(gru, outputs, dtype=tf.float64, scope="more")
    return more
