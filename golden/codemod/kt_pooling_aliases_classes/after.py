from tensorflow import keras


def head(x):
    pool = keras.layers.AveragePooling2D(3, 1, padding="same", data_format="channels_last")
    return keras.layers.MaxPooling2D(pool_size=2, strides=2, data_format="channels_last")(pool(x))
