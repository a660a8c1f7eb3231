import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        x, 8, trainable=False, kernel_regularizer=tf.contrib.layers.l2_regularizer(0.1)
    )
