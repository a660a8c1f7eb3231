import tensorflow.compat.v1 as tf


def head(x, y):
    a = tf.layers.dense(x, 8, name="shared")
    b = tf.layers.dense(y, 8, name="shared", reuse=True)
    return a, b
