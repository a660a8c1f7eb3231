import tensorflow.compat.v1 as tf
from tensorflow import keras


def decoder(x, blocks, helper):
    with tf.variable_scope("decoder"):
        x = keras.layers.SeparableConv1D(8, 3, name="decoder_separable_conv1d", data_format="channels_last")(x)  # certain: separable_conv1d
        for _ in range(blocks):
            x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)  # one per iteration
        x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)  # number depends on `blocks`
    with tf.variable_scope("head"):
        x = helper(x)  # may make unnamed layers in this scope
        x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
    with tf.variable_scope("mixed"):
        x = tf.keras.layers.Dense(8)(x)  # Keras layers share the legacy name counter
        x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
    with tf.variable_scope("nested"):
        with tf.variable_scope(helper.name):  # may be named separable_conv1d
            x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
        x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
    with tf.variable_scope("late"):
        x = keras.layers.SeparableConv1D(8, 3, name="late_separable_conv1d_1", data_format="channels_last")(x)
        x = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
    return x
