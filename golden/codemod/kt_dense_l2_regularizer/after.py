import tensorflow.compat.v1 as tf
from tensorflow import keras


WEIGHT_DECAY = 1e-4


def head(x):
    return keras.layers.Dense(
        10,
        kernel_regularizer=keras.regularizers.L2(WEIGHT_DECAY / 2),
        bias_regularizer=keras.regularizers.L1(0.01),
    )(x)
