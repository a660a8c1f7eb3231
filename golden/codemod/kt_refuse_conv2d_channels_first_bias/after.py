import tensorflow.compat.v1 as tf


def head(x):
    # The bias would land on the last axis in Keras 3.15 when it has `filters` entries.
    return tf.layers.conv2d(x, 8, 3, data_format="channels_first")
