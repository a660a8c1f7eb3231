import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.batch_normalization(x, training=True, trainable=False)
