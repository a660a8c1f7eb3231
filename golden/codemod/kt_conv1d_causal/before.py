import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv1d(x, 8, 3, padding="causal", dilation_rate=2)
