import tensorflow as tf


def encoder(x):
    cell = tf.keras.layers.LSTMCell(16, activation=tf.nn.relu)
    outputs = tf.keras.layers.RNN(cell, return_sequences=True, name="rnn")(x)
    return outputs
