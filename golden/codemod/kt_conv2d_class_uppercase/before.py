import tensorflow.compat.v1 as tf


def head(x):
    conv = tf.layers.Conv2D(16, 5, strides=2, padding='SAME', data_format='CHANNELS_LAST')
    return conv(x)
