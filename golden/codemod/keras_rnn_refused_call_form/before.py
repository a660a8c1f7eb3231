import tensorflow.compat.v1 as tf


def encoder(x, cell):
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), outputs, dtype=tf.float32, scope="b")
