import tensorflow.compat.v1 as tf


def head(x, is_training):
    return tf.layers.batch_normalization(x, training=is_training)
