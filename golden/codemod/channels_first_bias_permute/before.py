import tensorflow.compat.v1 as tf


def head(x, flag):
    # channels_first with a bias: Keras 3.15 adds it on the wrong axis when length == filters
    y = tf.layers.separable_conv1d(
        x,
        8,
        3,
        data_format="channels_first",  # (batch, channels, length)
        name="head",
    )
    no_bias = tf.layers.separable_conv1d(y, 8, 1, data_format="channels_first", use_bias=False)
    causal = tf.layers.separable_conv1d(no_bias, 8, 3, padding="causal", data_format="channels_first",
                                        use_bias=flag, dilation_rate=2)
    layer = tf.layers.SeparableConv1D(8, 5, padding="causal", data_format="channels_first")
    return layer.apply(causal)
