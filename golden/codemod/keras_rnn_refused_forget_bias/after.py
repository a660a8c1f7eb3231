import tensorflow.compat.v1 as tf


def encoder(x, bias):
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4, 0.5), x, dtype=tf.float32)
    more, _ = tf.nn.dynamic_rnn(
        tf.nn.rnn_cell.LSTMCell(4, forget_bias=bias), outputs, dtype=tf.float32, scope="more"
    )
    return more
