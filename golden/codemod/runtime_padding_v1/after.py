import tensorflow.compat.v1 as tf
from tensorflow import keras


def block(x, padding="same"):
    return keras.layers.SeparableConv1D(8, 3, padding=padding, data_format="channels_last")(x)
