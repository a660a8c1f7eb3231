import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.batch_normalization(x, axis=[1, 2])
