from tensorflow import keras


def head(x):
    return keras.layers.Dense(8)(x), keras.layers.Dense(4)(x)
