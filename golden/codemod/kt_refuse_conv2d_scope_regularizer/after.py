import tensorflow.compat.v1 as tf


def head(x):
    with tf.variable_scope("net", regularizer=tf.contrib.layers.l2_regularizer(0.1)):
        return tf.layers.conv2d(x, 8, 3, kernel_regularizer=None)
