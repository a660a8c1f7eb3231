import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    with tf.variable_scope("enc"):
        a = keras.layers.RNN(keras.layers.LSTMCell(4), return_sequences=True, name="enc_rnn")(x)
        b = keras.layers.RNN(
            keras.layers.GRUCell(4, reset_after=False), return_sequences=True, name="enc_rnn_1"
        )(a)
    with tf.variable_scope("dec", reuse=True):
        c, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), b, dtype=tf.float32)
    return c
