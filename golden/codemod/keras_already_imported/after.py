import keras
import tensorflow.compat.v1 as tf

y = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
