import tensorflow.compat.v1 as tf


def encoder(x):
    cell = tf.nn.rnn_cell.GRUCell(
        8,
        kernel_initializer=tf.random_normal_initializer(stddev=0.1),
        bias_initializer=tf.zeros_initializer(),
        name="gru",
    )
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    return outputs, state
