import tensorflow as tf


def block(x, padding):
    return tf.keras.layers.SeparableConv1D(8, 3, padding=padding)(x)
