import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.BatchNormalization(
        axis=1,
        scale=False,
        beta_initializer=keras.initializers.Constant(value=0.1),
        gamma_initializer=None,
        moving_variance_initializer=keras.initializers.Ones(),
        beta_regularizer=keras.regularizers.L2(0.005),
    )(x, training=False)
