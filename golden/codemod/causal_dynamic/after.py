import tensorflow.compat.v1 as tf
from tensorflow import keras


def tcn(x, k, rates):
    for rate in rates:
        x = keras.Sequential(
            [
                keras.layers.ZeroPadding1D(padding=(rate * (k - 1), 0), data_format="channels_last"),
                keras.layers.SeparableConv1D(8, k, dilation_rate=rate, padding="valid", data_format="channels_last"),
            ]
        )(x)
    x = keras.Sequential(
        [
            keras.layers.ZeroPadding1D(padding=((2 ** len(rates)) * 2, 0), data_format="channels_last"),
            keras.layers.SeparableConv1D(8, 3, dilation_rate=2 ** len(rates), padding="valid", data_format="channels_last"),
        ]
    )(x)
    return tf.layers.separable_conv1d(x, 8, (2, 2), padding="causal")
