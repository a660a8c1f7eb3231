import tensorflow.compat.v1 as tf


def encoder(x, keep_prob):
    cell = tf.nn.rnn_cell.GRUCell(8)
    init = cell.zero_state(tf.shape(x)[0], tf.float32)
    a, _ = tf.nn.dynamic_rnn(cell, x, initial_state=init, scope="a")
    stack = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(8) for _ in range(2)])
    b, _ = tf.nn.dynamic_rnn(stack, a, dtype=tf.float32, scope="b")
    dropped = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(8), keep_prob)
    c, _ = tf.nn.dynamic_rnn(dropped, b, dtype=tf.float32, scope="c")
    d, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(8), c, dtype=tf.float32, scope="d")
    return tf.layers.dense(d, 2)
