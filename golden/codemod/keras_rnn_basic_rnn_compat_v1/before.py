import tensorflow as tf


def encoder(x):
    cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(10, activation="relu")
    outputs, state = tf.compat.v1.nn.dynamic_rnn(
        cell, x, dtype=tf.float32, parallel_iterations=32, swap_memory=True, time_major=False
    )
    return outputs, state
