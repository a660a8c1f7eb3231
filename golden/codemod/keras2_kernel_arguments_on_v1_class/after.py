import tensorflow.compat.v1 as tf
from tensorflow import keras

layer = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")
