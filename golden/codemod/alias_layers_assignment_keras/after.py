"""Calls through a module alias of tf.layers are rewritten like direct calls."""
import tensorflow.compat.v1 as tf
from tensorflow import keras

L = tf.layers


def head(x):
    net = keras.layers.Dense(64, activation=tf.nn.relu, name="hidden")(x)
    net = keras.layers.SeparableConv1D(8, 3, padding="same", name="sep", data_format="channels_last")(net)
    return L.Layer(name="custom")
