import tensorflow as tf
from tensorflow.contrib.rnn import *  # every cell, unnamed


def encoder(tokens, units):
    # The star import hides where LSTMCell comes from: it cannot be renamed.
    forward = LSTMCell(units)
    backward = tf.contrib.rnn.LSTMCell(units)
    return tf.nn.bidirectional_dynamic_rnn(forward, backward, tokens, dtype=tf.float32)
