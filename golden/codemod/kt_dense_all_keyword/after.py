import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Dense(
        units=8,
        activation=tf.nn.relu,
        name="fc",
    )(x)
