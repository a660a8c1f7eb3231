import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.Sequential(
    [
        keras.layers.ZeroPadding1D(padding=(8, 0), data_format="channels_last"),
        keras.layers.SeparableConv1D(8, (3,), dilation_rate=4, name="tcn", padding="valid", data_format="channels_last"),
    ]
)(x)
layer = keras.Sequential(
    [
        keras.layers.ZeroPadding1D(padding=(4, 0), data_format="channels_last"),
        keras.layers.SeparableConv1D(8, 5, padding="valid", data_format="channels_last"),
    ]
)
