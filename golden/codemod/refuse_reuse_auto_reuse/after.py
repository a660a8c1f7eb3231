import tensorflow.compat.v1 as tf


def tower(x, reuse):
    return tf.layers.separable_conv1d(x, 8, 3, name="tower", reuse=reuse)


y = tf.layers.separable_conv1d(x, 8, 3, name="t2", reuse=tf.AUTO_REUSE)
