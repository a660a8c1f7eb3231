import tensorflow.compat.v1 as tf


def head(x):
    with tf.variable_scope("encoder"):
        h = tf.layers.dense(x, 8, name="fc1")
        return tf.layers.dense(h, 4, name="fc2")
