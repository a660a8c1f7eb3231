import tensorflow.compat.v1 as tf


def encoder(x):
    with tf.variable_scope("encoder"):
        with tf.variable_scope("block1"):
            x = tf.layers.separable_conv1d(x, 16, 3, name="conv")
        x = tf.layers.separable_conv1d(x, 16, 3)
    with tf.variable_scope(None, default_name="head"):
        x = tf.layers.separable_conv1d(x, 4, 1, name="out")
    return x
