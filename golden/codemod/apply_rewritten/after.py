import tensorflow.compat.v1 as tf
from tensorflow import keras


class Model(object):
    def __init__(self):
        self.conv = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")

    def __call__(self, x):
        return self.conv(x)


layer = keras.layers.SeparableConv1D(4, 3, data_format="channels_last")
y = layer(x)
z = keras.layers.SeparableConv1D(4, 1, data_format="channels_last")(y)
