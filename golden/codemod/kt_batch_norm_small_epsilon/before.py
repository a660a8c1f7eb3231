import tensorflow.compat.v1 as tf


def features(images, epsilon=1e-6):
    # A small epsilon is kept as it is: TensorFlow 2.21's fused kernel uses it as given.
    a = tf.layers.batch_normalization(images, epsilon=epsilon, name="a")
    b = tf.layers.batch_normalization(images, axis=1, epsilon=1e-8, name="b")
    return a, b
