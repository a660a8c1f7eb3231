import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.conv2d(
        x, 8, (3, 3), (1, 1), "SAME", "channels_last", (1, 1), tf.nn.relu, True,
        None, tf.zeros_initializer(), None, None, None, None, None, True, "conv", None)
