import tensorflow as tf


def head(x, is_training):
    x = tf.layers.dense(x, 8)
    x = tf.layers.batch_normalization(x, training=is_training)
    cell = tf.nn.rnn_cell.GRUCell(4)
    return tf.layers.separable_conv1d(x, 8, 3, name="sep"), cell
