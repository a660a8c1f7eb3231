import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    fw, bw, state_fw, state_bw = keras.layers.Bidirectional(
        keras.layers.RNN(
            keras.layers.GRUCell(6, reset_after=False), return_sequences=True, return_state=True
        ),
        backward_layer=keras.layers.RNN(
            keras.layers.GRUCell(6, reset_after=False),
            return_sequences=True,
            return_state=True,
            go_backwards=True,
        ),
        merge_mode=None,
        name="birnn",
    )(x)
    return fw, bw, state_fw + state_bw
