import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x1, x2, x3):
    a = keras.layers.MaxPooling1D(2, 2, data_format="channels_last")(x1)
    b = keras.layers.AveragePooling2D([2, 2], [1, 1], padding="same", data_format="channels_last")(x2)
    c = keras.layers.MaxPooling3D(pool_size=2, strides=(1, 2, 2), data_format="channels_last")(x3)
    return a, b, c
