import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x1, 8, 3, name="shared")
b = tf.layers.separable_conv1d(x2, 8, 3, name="shared", reuse=True)
