import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.Conv2D(
        8, (3, 3), padding="same", data_format="channels_last", activation=tf.nn.relu, name="conv")(x)
