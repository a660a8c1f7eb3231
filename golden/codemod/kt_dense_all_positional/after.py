import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Dense(
        8, activation=tf.nn.tanh, use_bias=False, kernel_initializer=keras.initializers.GlorotNormal(), bias_initializer=None,
        name="proj")(x)
