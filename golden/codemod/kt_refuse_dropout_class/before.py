import tensorflow.compat.v1 as tf


def head(x):
    drop = tf.layers.Dropout(0.2)
    return drop(x, training=True)
