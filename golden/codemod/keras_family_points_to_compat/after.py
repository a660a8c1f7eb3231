import tensorflow as tf


def head(x, is_training):
    x = tf.keras.layers.Dense(8)(x)
    x = tf.layers.batch_normalization(x, training=is_training)
    cell = tf.nn.rnn_cell.GRUCell(4)
    return tf.keras.layers.SeparableConv1D(8, 3, name="sep", data_format="channels_last")(x), cell
