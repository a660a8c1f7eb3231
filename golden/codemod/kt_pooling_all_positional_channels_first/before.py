import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.average_pooling3d(x, (2, 2, 2), 2, "valid", "channels_first", "pool")
