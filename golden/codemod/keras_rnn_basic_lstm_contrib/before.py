import tensorflow as tf


def encoder(x):
    cell = tf.contrib.rnn.BasicLSTMCell(16, activation=tf.nn.relu, reuse=None)
    outputs = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)[0]
    return outputs
