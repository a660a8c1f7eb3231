import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(x, 8, (3,), padding="causal", dilation_rate=4, name="tcn")
layer = tf.layers.SeparableConv1D(8, 5, padding="causal")
