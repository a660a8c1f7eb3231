import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        x, 8, tf.nn.tanh, False, tf.glorot_normal_initializer(), None,
        None, None, None, None, None, True, "proj", None)
