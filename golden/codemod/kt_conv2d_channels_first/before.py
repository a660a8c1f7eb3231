import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv2d(x, 8, 3, data_format="channels_first", use_bias=False)
