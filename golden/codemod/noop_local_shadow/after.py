import tensorflow.compat.v1 as tf


def build(tf, x):
    # `tf` is a parameter here: not TensorFlow.
    return tf.layers.separable_conv1d(x, 8, 3)
