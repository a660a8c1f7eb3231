import tensorflow as tf


def dense(x, units):
    return x[..., :units]


def head(x):
    return tf.keras.layers.Dense(8)(dense(x, 4))
