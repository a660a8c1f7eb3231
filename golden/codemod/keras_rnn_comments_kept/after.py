import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    cell = keras.layers.GRUCell(
        # small
        8,
        name="g",
        reset_after=False,
    )
    outputs = keras.layers.RNN(
        # the GRU
        # always
        cell,
        return_sequences=True,
        name="rnn",
    )(x)
    y = keras.layers.RNN(
        # inner
        keras.layers.GRUCell(3, reset_after=False),
        return_sequences=True,
        name="b",
    )(outputs)
    return y
