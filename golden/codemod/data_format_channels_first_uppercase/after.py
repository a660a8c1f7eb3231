import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.Sequential(
    [
        keras.layers.Permute((2, 1)),
        keras.layers.SeparableConv1D(8, 3, data_format="channels_last"),
        keras.layers.Permute((2, 1)),
    ]
)(x)
