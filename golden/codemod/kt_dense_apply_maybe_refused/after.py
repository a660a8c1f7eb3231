import tensorflow.compat.v1 as tf


def head(x, share):
    layer = tf.layers.Dense(4, name="fc")
    if share:
        layer = tf.layers.Dense(4, name="fc", _reuse=True)
    return layer.apply(x)
