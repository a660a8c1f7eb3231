import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.batch_normalization(
        x, -1, 0.9, 1e-5, training=True, fused=False, name="bn1"
    )
