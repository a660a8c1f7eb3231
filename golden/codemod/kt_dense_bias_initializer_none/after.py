import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    # v1 and Keras 3 both fall back to glorot_uniform for a None bias initializer.
    return keras.layers.Dense(8, bias_initializer=None)(x)
