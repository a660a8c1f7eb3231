import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Dense(  # the features
        8,
        activation=None,  # logits
    )(x)
