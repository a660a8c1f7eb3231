import tensorflow.compat.v1 as tf


def conv_block(inputs, filters, scope):
    with tf.variable_scope(scope):
        return tf.layers.separable_conv1d(inputs, filters, 3, name="sepconv")


def encoder(x):
    with tf.variable_scope("encoder"):
        x = conv_block(x, 16, "block1")
        return conv_block(x, 16, "block2")
