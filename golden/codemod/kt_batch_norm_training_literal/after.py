import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.BatchNormalization(
        momentum=0.9, epsilon=1e-5, name="bn1"
    )(x, training=True)
