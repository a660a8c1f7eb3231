import tensorflow.compat.v1 as tf
from tensorflow import keras


def decoder(x, h0):
    with tf.variable_scope("decoder"):
        cell = keras.layers.GRUCell(4, reset_after=False)
        outputs, state = keras.layers.RNN(
            cell, return_sequences=True, return_state=True, name="decoder_rnn"
        )(x, initial_state=[h0])
    return outputs, state
