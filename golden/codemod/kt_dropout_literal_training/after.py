import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    h = keras.layers.Dropout(0.3)(x, training=True)
    return keras.layers.Dropout(rate=0.1, noise_shape=[4, 1], seed=3, name="drop")(h, training=False)
