import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.AveragePooling3D((2, 2, 2), 2, data_format="channels_first", name="pool")(x)
