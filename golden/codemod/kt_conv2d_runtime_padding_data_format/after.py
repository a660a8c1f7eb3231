import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x, padding, data_format):
    return keras.layers.Conv2D(8, 3, padding=padding, data_format=data_format)(x)
