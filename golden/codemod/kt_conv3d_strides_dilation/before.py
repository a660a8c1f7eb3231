import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv3d(x, 4, 3, strides=(1, 1, 1), dilation_rate=(2, 2, 2))
