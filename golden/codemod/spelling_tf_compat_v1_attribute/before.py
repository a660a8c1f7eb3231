import tensorflow as tf

y = tf.compat.v1.layers.separable_conv1d(x, 8, 3, name="head")
