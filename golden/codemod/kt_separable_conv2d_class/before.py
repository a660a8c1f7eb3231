import tensorflow.compat.v1 as tf


def head(x):
    sep = tf.layers.SeparableConv2D(8, (3, 3), padding="same", depthwise_constraint=None)
    return sep.apply(x)
