import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Dense(
        8,
        trainable=False,
        bias_constraint=lambda b: tf.clip_by_value(b, -1.0, 1.0),
    )(x)
