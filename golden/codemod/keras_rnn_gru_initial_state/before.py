import tensorflow.compat.v1 as tf


def decoder(x, h0):
    with tf.variable_scope("decoder"):
        cell = tf.nn.rnn_cell.GRUCell(4)
        outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=h0)
    return outputs, state
