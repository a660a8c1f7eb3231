import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    sep = keras.layers.SeparableConv2D(8, (3, 3), padding="same", data_format="channels_last")
    return sep(x)
