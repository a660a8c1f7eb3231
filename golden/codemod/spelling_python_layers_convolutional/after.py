from tensorflow.python.layers import convolutional
from tensorflow import keras

y = keras.layers.SeparableConv1D(4, 3, data_format="channels_last")(x)
