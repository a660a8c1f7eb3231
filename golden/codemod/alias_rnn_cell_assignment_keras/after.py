import tensorflow as tf

rnn = tf.nn.rnn_cell


def encoder(inputs, num_units):
    cell = rnn.GRUCell(num_units)
    return tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
