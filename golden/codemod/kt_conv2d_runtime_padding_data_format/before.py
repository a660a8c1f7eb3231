import tensorflow.compat.v1 as tf


def head(x, padding, data_format):
    return tf.layers.conv2d(x, 8, 3, padding=padding, data_format=data_format)
