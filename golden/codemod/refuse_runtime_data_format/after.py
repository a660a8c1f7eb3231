import tensorflow.compat.v1 as tf
from tensorflow import keras


def block(x, data_format):
    # May be "channels_first", which Keras 3.15 gets wrong with a bias: left unchanged.
    y = tf.layers.separable_conv1d(x, 8, 3, data_format=data_format)
    k2 = tf.keras.layers.SeparableConv1D(8, 3, padding="causal", data_format=data_format)(y)
    # Without a bias the data format cannot change the numbers: rewritten.
    return keras.layers.SeparableConv1D(8, 3, data_format=data_format, use_bias=False)(k2)
