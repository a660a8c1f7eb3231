import tensorflow.compat.v1 as tf
from tensorflow import keras

conv = keras.layers.SeparableConv1D(filters=16, kernel_size=3, depth_multiplier=2, name="sep", data_format="channels_last")
y = conv(x)
z = keras.layers.SeparableConv1D(4, 1, data_format="channels_last")(keras.layers.SeparableConv1D(filters=4, kernel_size=3, data_format="channels_last")(x))
