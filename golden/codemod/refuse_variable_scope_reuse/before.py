import tensorflow.compat.v1 as tf


def tower(x):
    return tf.layers.separable_conv1d(x, 8, 3, name="conv")


with tf.variable_scope("siamese", reuse=tf.AUTO_REUSE):
    left = tower(x1)
    right = tower(x2)
other = tf.layers.separable_conv1d(x3, 8, 3)
