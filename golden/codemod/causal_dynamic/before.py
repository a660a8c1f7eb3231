import tensorflow.compat.v1 as tf


def tcn(x, k, rates):
    for rate in rates:
        x = tf.layers.separable_conv1d(x, 8, k, padding="causal", dilation_rate=rate)
    x = tf.layers.separable_conv1d(x, 8, 3, padding="causal", dilation_rate=2 ** len(rates))
    return tf.layers.separable_conv1d(x, 8, (2, 2), padding="causal")
