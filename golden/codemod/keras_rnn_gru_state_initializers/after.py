import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    cell = keras.layers.GRUCell(
        8,
        kernel_initializer=keras.initializers.RandomNormal(stddev=0.1),
        recurrent_initializer=keras.initializers.RandomNormal(stddev=0.1),
        bias_initializer=keras.initializers.Zeros(),
        name="gru",
        reset_after=False,
    )
    outputs, state = keras.layers.RNN(cell, return_sequences=True, return_state=True, name="enc")(x)
    return outputs, state
