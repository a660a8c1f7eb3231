import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(x):
    with tf.variable_scope("encoder"):
        # TF1 numbered unnamed layers per variable scope: separable_conv1d, _1, _2, ...
        x = keras.layers.SeparableConv1D(16, 3, name="encoder_separable_conv1d", data_format="channels_last")(x)
        x = tf.nn.relu(x)
        x = keras.layers.SeparableConv1D(16, 3, name="encoder_proj", data_format="channels_last")(x)
        x = keras.layers.SeparableConv1D(16, 3, name="encoder_separable_conv1d_1", data_format="channels_last")(x)  # explicit None: unnamed too
        with tf.variable_scope("inner"):
            x = keras.layers.SeparableConv1D(8, 1, name="encoder_inner_separable_conv1d", data_format="channels_last")(x)
        # Arguments run first: the inner call is separable_conv1d_2, the outer _3.
        x = keras.layers.SeparableConv1D(8, 1, name="encoder_separable_conv1d_3", data_format="channels_last")(keras.layers.SeparableConv1D(8, 3, name="encoder_separable_conv1d_2", data_format="channels_last")(x))
    # Outside any scope in this function: the number depends on the caller.
    return keras.layers.SeparableConv1D(4, 1, data_format="channels_last")(x)
