import tensorflow.compat.v1 as tf


def head(x):
    layer = tf.layers.Dense(4, activation=tf.nn.relu)
    y = layer.apply(x)
    return layer.apply(y)
