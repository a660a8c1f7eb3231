import tensorflow.compat.v1 as tf


def head(x):
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        return tf.layers.dense(x, 8, name="fc")
