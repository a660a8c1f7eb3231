from tensorflow.python.layers import layers as tf_layers
from tensorflow import keras

conv = keras.layers.SeparableConv1D(4, 3, use_bias=False, data_format="channels_last")
