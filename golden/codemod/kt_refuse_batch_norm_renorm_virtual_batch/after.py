import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.batch_normalization(
        x, renorm=True, renorm_clipping={"rmax": 3.0}, virtual_batch_size=8, adjustment=None
    )
