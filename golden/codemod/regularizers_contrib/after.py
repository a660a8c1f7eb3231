import tensorflow.compat.v1 as tf
from tensorflow import keras

WEIGHT_DECAY = 1e-4
a = keras.layers.SeparableConv1D(8, 3, depthwise_regularizer=keras.regularizers.L2(WEIGHT_DECAY / 2), pointwise_regularizer=keras.regularizers.L2((2 * WEIGHT_DECAY) / 2), data_format="channels_last")(x)
b = keras.layers.SeparableConv1D(8, 3, depthwise_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.01), activity_regularizer=keras.regularizers.L1(1e-5), data_format="channels_last")(x)
c = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
