import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.separable_conv2d(
        x,
        16,
        3,
        depth_multiplier=2,
        depthwise_initializer=tf.glorot_uniform_initializer(),
        pointwise_initializer=tf.variance_scaling_initializer(2.0),
        pointwise_regularizer=tf.contrib.layers.l2_regularizer(0.01),
    )
