import tensorflow.compat.v1 as tf


def encoder(x, lengths, state):
    a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32, time_major=True)
    b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x * 2, lengths, dtype=tf.float32, scope="b")
    c, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), x, initial_state=state, scope="c")
    return a, b, c
