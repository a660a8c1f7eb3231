import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.MaxPooling2D(2, 2, padding="same", data_format="channels_last")(x)
