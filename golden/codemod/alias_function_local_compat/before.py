import tensorflow.compat.v1 as tf


def build(x):
    dense_layers = tf.layers
    return dense_layers.dense(x, 4)


def other(x):
    dense_layers = make_layers()
    return dense_layers.dense(x, 4)
