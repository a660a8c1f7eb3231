import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x, flag):
    # channels_first with a bias: Keras 3.15 adds it on the wrong axis when length == filters
    y = keras.Sequential(
        [
            keras.layers.Permute((2, 1)),
            keras.layers.SeparableConv1D(
                8,
                3,
                data_format="channels_last",  # (batch, channels, length)
                name="head",
            ),
            keras.layers.Permute((2, 1)),
        ]
    )(x)
    no_bias = keras.layers.SeparableConv1D(8, 1, data_format="channels_first", use_bias=False)(y)
    causal = keras.Sequential(
        [
            keras.layers.Permute((2, 1)),
            keras.layers.ZeroPadding1D(padding=(4, 0), data_format="channels_last"),
            keras.layers.SeparableConv1D(8, 3, data_format="channels_last",
                                                use_bias=flag, dilation_rate=2, padding="valid"),
            keras.layers.Permute((2, 1)),
        ]
    )(no_bias)
    layer = keras.Sequential(
        [
            keras.layers.Permute((2, 1)),
            keras.layers.ZeroPadding1D(padding=(4, 0), data_format="channels_last"),
            keras.layers.SeparableConv1D(8, 5, data_format="channels_last", padding="valid"),
            keras.layers.Permute((2, 1)),
        ]
    )
    return layer(causal)
