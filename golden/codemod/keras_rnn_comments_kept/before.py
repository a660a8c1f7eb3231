import tensorflow.compat.v1 as tf


def encoder(x):
    cell = tf.nn.rnn_cell.GRUCell(
        8,  # small
        name="g",
    )
    outputs, _ = tf.nn.dynamic_rnn(
        cell,  # the GRU
        x,
        dtype=tf.float32,  # always
    )
    y, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3,  # inner
        ), outputs, dtype=tf.float32, scope="b")
    return y
