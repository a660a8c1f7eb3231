from tensorflow.compat.v1 import layers as L
from tensorflow import keras


def block(x):
    return keras.layers.SeparableConv1D(32, 3, padding="same", data_format="channels_last")(x)
