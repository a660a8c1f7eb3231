import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.batch_normalization(
        x,
        axis=1,
        center=True,
        scale=False,
        beta_initializer=tf.constant_initializer(0.1),
        gamma_initializer=None,
        moving_variance_initializer=tf.ones_initializer(),
        beta_regularizer=tf.contrib.layers.l2_regularizer(0.01),
        training=False,
    )
