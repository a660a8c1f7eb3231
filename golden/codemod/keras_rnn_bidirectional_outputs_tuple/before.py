import tensorflow.compat.v1 as tf


def encoder(x):
    fw = tf.nn.rnn_cell.BasicLSTMCell(5)
    bw = tf.nn.rnn_cell.BasicLSTMCell(5)
    outputs, states = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
    return tf.concat(outputs, 2)
