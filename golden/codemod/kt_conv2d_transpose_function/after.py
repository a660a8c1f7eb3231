import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same", name="up", data_format="channels_last")(x)
