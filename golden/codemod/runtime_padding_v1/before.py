import tensorflow.compat.v1 as tf


def block(x, padding="same"):
    return tf.layers.separable_conv1d(x, 8, 3, padding=padding)
