import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    with tf.variable_scope("encoder"):
        with tf.variable_scope("block1"):
            x = keras.layers.SeparableConv1D(16, 3, name="encoder_block1_conv", data_format="channels_last")(x)
        x = keras.layers.SeparableConv1D(16, 3, name="encoder_separable_conv1d", data_format="channels_last")(x)
    with tf.variable_scope(None, default_name="head"):
        x = keras.layers.SeparableConv1D(4, 1, name="out", data_format="channels_last")(x)
    return x
