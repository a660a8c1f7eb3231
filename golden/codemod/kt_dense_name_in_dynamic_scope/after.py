import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x, block):
    with tf.variable_scope(block):
        return keras.layers.Dense(8, name="fc")(x)
