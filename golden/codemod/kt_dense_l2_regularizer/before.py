import tensorflow.compat.v1 as tf


WEIGHT_DECAY = 1e-4


def head(x):
    return tf.layers.dense(
        x,
        10,
        kernel_regularizer=tf.contrib.layers.l2_regularizer(WEIGHT_DECAY),
        bias_regularizer=tf.contrib.layers.l1_regularizer(0.01),
    )
