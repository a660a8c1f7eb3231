import tensorflow.compat.v1 as tf
from tensorflow import keras

a = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.RandomNormal(stddev=1.0), pointwise_initializer=keras.initializers.RandomUniform(minval=0.0, maxval=1.0), data_format="channels_last")(x)
b = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.TruncatedNormal(stddev=0.02), bias_initializer=keras.initializers.Constant(value=0.1), data_format="channels_last")(x)
c = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.RandomUniform(minval=-0.1, maxval=0.1, seed=1), bias_initializer=keras.initializers.Ones(), data_format="channels_last")(x)
