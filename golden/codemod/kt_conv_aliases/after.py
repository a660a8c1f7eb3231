from tensorflow import keras


def head(x):
    return keras.layers.Conv2DTranspose(4, 2, strides=2, data_format="channels_last")(keras.layers.Conv2D(8, 3, data_format="channels_last")(x))
