from tensorflow import keras

y = keras.Sequential(
    [
        keras.layers.Permute((2, 1)),
        keras.layers.ZeroPadding1D(padding=(4, 0), data_format="channels_last"),
        keras.layers.SeparableConv1D(8, 5, strides=1, data_format="channels_last", padding="valid"),
        keras.layers.Permute((2, 1)),
    ]
)(x)
