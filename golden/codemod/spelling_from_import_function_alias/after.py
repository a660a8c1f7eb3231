import numpy as np
from tensorflow import keras


def block(x):
    return keras.layers.SeparableConv1D(32, 3, data_format="channels_last")(x)
