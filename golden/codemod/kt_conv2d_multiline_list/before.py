import tensorflow.compat.v1 as tf


def head(x):
    branches = [
        tf.layers.conv2d(x, 8, 1, name="b1"),
        tf.layers.conv2d(
            x,
            8,
            3,
            padding="same",
            name="b3",
        ),
    ]
    return tf.concat(branches, -1)
