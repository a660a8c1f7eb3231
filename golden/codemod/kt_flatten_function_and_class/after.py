import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    f = keras.layers.Flatten(name="flat", data_format="channels_last")(x)
    g = keras.layers.Flatten(data_format="channels_last")(x)
    return f, g
