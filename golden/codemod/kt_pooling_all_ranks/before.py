import tensorflow.compat.v1 as tf


def head(x1, x2, x3):
    a = tf.layers.max_pooling1d(x1, 2, 2, data_format="channels_last")
    b = tf.layers.average_pooling2d(x2, [2, 2], [1, 1], padding="same")
    c = tf.layers.MaxPooling3D(pool_size=2, strides=(1, 2, 2)).apply(x3)
    return a, b, c
