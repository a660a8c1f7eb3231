import tensorflow.compat.v1 as tf


def head(x):
    layer = tf.layers.Dense(4)
    y = layer(x)
    return y, layer.get_losses_for(None)
