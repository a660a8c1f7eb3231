import tensorflow.compat.v1 as tf
from tensorflow import keras


def conv_block(inputs, filters, scope):
    with tf.variable_scope(scope):
        return keras.layers.SeparableConv1D(filters, 3, name="sepconv", data_format="channels_last")(inputs)


def encoder(x):
    with tf.variable_scope("encoder"):
        x = conv_block(x, 16, "block1")
        return conv_block(x, 16, "block2")
