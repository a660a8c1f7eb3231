import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv2d(x, 8, 3)
