import tensorflow.compat.v1 as tf


def encoder(x):
    with tf.variable_scope("model"):
        outputs, (c, h) = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.LSTMCell(32, forget_bias=0.0),
            x,
            dtype=tf.float32,
            scope="encoder",
        )
    return outputs, h
