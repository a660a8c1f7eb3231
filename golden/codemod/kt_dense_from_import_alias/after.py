from tensorflow import keras


def head(x):
    return keras.layers.Dense(8)(x)
