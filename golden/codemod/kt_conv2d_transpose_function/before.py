import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv2d_transpose(x, 4, 3, strides=2, padding="same", name="up")
