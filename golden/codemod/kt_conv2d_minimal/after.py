import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Conv2D(8, 3, data_format="channels_last")(x)
