import tensorflow.compat.v1 as tf
from tensorflow import keras


def features(images, epsilon=1e-6):
    # A small epsilon is kept as it is: TensorFlow 2.21's fused kernel uses it as given.
    a = keras.layers.BatchNormalization(epsilon=epsilon, name="a")(images, training=False)
    b = keras.layers.BatchNormalization(axis=1, epsilon=1e-8, name="b")(images, training=False)
    return a, b
