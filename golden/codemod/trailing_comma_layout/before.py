import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(
    x,
    8,
    3,
    padding="same",
)
z = tf.layers.separable_conv1d(
    x, 8, 3, reuse=False
)
