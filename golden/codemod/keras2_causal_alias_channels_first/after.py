from tensorflow import keras

y = keras.Sequential(
    [
        keras.layers.ZeroPadding1D(padding=(4, 0), data_format="channels_first"),
        keras.layers.SeparableConv1D(8, 5, strides=1, data_format="channels_first", padding="valid"),
    ]
)(x)
