import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    conv = keras.layers.Conv2D(16, 5, strides=2, padding='same', data_format='channels_last')
    return conv(x)
