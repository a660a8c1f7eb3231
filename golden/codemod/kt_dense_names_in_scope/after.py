import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    with tf.variable_scope("encoder"):
        h = keras.layers.Dense(8, name="encoder_fc1")(x)
        return keras.layers.Dense(4, name="encoder_fc2")(h)
