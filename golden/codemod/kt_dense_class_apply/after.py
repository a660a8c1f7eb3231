import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    layer = keras.layers.Dense(4, activation=tf.nn.relu)
    y = layer(x)
    return layer(y)
