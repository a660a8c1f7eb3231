import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    branches = [
        keras.layers.Conv2D(8, 1, name="b1", data_format="channels_last")(x),
        keras.layers.Conv2D(
            8,
            3,
            padding="same",
            name="b3",
            data_format="channels_last",
        )(x),
    ]
    return tf.concat(branches, -1)
