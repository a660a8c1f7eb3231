import tensorflow.compat.v1 as tf


def encoder(x):
    with tf.variable_scope("encoder"):
        # TF1 numbered unnamed layers per variable scope: separable_conv1d, _1, _2, ...
        x = tf.layers.separable_conv1d(x, 16, 3)
        x = tf.nn.relu(x)
        x = tf.layers.separable_conv1d(x, 16, 3, name="proj")
        x = tf.layers.separable_conv1d(x, 16, 3, name=None)  # explicit None: unnamed too
        with tf.variable_scope("inner"):
            x = tf.layers.SeparableConv1D(8, 1)(x)
        # Arguments run first: the inner call is separable_conv1d_2, the outer _3.
        x = tf.layers.separable_conv1d(tf.layers.separable_conv1d(x, 8, 3), 8, 1)
    # Outside any scope in this function: the number depends on the caller.
    return tf.layers.separable_conv1d(x, 4, 1)
