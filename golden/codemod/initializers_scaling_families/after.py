import tensorflow.compat.v1 as tf
from tensorflow import keras

a = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="truncated_normal"), pointwise_initializer=keras.initializers.GlorotUniform(seed=3), data_format="channels_last")(x)
b = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.HeNormal(), pointwise_initializer=keras.initializers.LecunUniform(), data_format="channels_last")(x)
c = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.Orthogonal(gain=2.0), pointwise_initializer=tf.keras.initializers.HeUniform(), data_format="channels_last")(x)
