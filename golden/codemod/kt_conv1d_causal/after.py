import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Conv1D(8, 3, padding="causal", dilation_rate=2, data_format="channels_last")(x)
