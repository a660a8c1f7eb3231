import tensorflow.compat.v1 as tf
from tensorflow import keras


def decoder(x, c0, h0):
    with tf.variable_scope("decoder"):
        cell = keras.layers.LSTMCell(16)
        outputs, h, c = keras.layers.RNN(
            cell, return_sequences=True, return_state=True, name="decoder_rnn"
        )(x, initial_state=[h0, c0])
    return outputs, h
