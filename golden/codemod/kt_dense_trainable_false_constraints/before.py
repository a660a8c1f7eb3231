import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        x,
        8,
        trainable=False,
        kernel_constraint=None,
        bias_constraint=lambda b: tf.clip_by_value(b, -1.0, 1.0),
    )
