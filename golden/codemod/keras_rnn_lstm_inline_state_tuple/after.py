import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    with tf.variable_scope("model"):
        outputs, h, c = keras.layers.RNN(
            keras.layers.LSTMCell(32, unit_forget_bias=False),
            return_sequences=True,
            return_state=True,
            name="model_encoder",
        )(x)
    return outputs, h
