import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.layers.SeparableConv1D(8, 3, name="block1_sepconv", data_format="channels_last")(x)
