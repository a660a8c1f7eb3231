import tensorflow.compat.v1 as tf
from tensorflow.compat.v1.nn.rnn_cell import LSTMStateTuple


def decoder(x, c0, h0):
    with tf.variable_scope("decoder"):
        cell = tf.nn.rnn_cell.BasicLSTMCell(16)
        outputs, (c, h) = tf.nn.dynamic_rnn(cell, x, initial_state=LSTMStateTuple(c0, h0))
    return outputs, h
