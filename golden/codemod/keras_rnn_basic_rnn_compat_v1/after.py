import tensorflow as tf


def encoder(x):
    cell = tf.keras.layers.SimpleRNNCell(10, activation="relu")
    outputs, state = tf.keras.layers.RNN(
        cell, return_sequences=True, return_state=True, name="rnn"
    )(x)
    return outputs, state
