import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Flatten(data_format="channels_first")(x)
