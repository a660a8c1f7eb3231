import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    cell_fw = keras.layers.LSTMCell(8)
    cell_bw = keras.layers.LSTMCell(8)
    out_fw, out_bw = keras.layers.Bidirectional(
        keras.layers.RNN(cell_fw, return_sequences=True),
        backward_layer=keras.layers.RNN(cell_bw, return_sequences=True, go_backwards=True),
        merge_mode=None,
        name="bidirectional_rnn",
    )(x)
    return tf.concat([out_fw, out_bw], axis=2)
