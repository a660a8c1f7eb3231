import tensorflow.compat.v1 as tf


def head(x):
    is_training = tf.placeholder_with_default(False, [])
    return tf.layers.dropout(x, 0.5, training=is_training)
