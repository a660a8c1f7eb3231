import tensorflow.compat.v1 as tf


def head(x):
    with tf.variable_scope("net", regularizer=tf.contrib.layers.l2_regularizer(0.1)):
        # Pooling has no weights, so the scope's regularizer reaches nothing.
        return tf.layers.max_pooling2d(x, 2, 2, name="pool")
