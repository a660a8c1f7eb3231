import tensorflow.compat.v1 as tf


def encoder(x):
    cell = tf.nn.rnn_cell.LSTMCell(16, use_peepholes=True, cell_clip=3.0, num_proj=8)
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return outputs
