import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Conv3D(4, 3, dilation_rate=(2, 2, 2), data_format="channels_last")(x)
