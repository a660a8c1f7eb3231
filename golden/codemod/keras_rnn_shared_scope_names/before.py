import tensorflow.compat.v1 as tf


def encoder(x):
    with tf.variable_scope("enc"):
        a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), x, dtype=tf.float32)
        b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), a, dtype=tf.float32)
    with tf.variable_scope("dec", reuse=True):
        c, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), b, dtype=tf.float32)
    return c
