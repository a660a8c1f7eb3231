import tensorflow.compat.v1 as tf


def head(x, block):
    with tf.variable_scope(block):
        return tf.layers.dense(x, 8, name="fc")
