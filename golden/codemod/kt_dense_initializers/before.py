import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        x,
        8,
        kernel_initializer=tf.truncated_normal_initializer(stddev=0.02),
        bias_initializer=tf.constant_initializer(0.1),
    )
