import tensorflow.compat.v1 as tf


def head(x):
    f = tf.layers.flatten(x, "flat")
    g = tf.layers.Flatten()(x)
    return f, g
