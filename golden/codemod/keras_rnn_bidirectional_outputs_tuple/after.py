import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    fw = keras.layers.LSTMCell(5)
    bw = keras.layers.LSTMCell(5)
    outputs = tuple(keras.layers.Bidirectional(
        keras.layers.RNN(fw, return_sequences=True),
        backward_layer=keras.layers.RNN(bw, return_sequences=True, go_backwards=True),
        merge_mode=None,
        name="bidirectional_rnn",
    )(x))
    return tf.concat(outputs, 2)
