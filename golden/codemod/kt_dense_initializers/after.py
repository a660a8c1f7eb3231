import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Dense(
        8,
        kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.02),
        bias_initializer=keras.initializers.Constant(value=0.1),
    )(x)
