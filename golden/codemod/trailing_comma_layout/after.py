import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.layers.SeparableConv1D(
    8,
    3,
    padding="same",
    data_format="channels_last",
)(x)
z = keras.layers.SeparableConv1D(
    8, 3, data_format="channels_last"
)(x)
