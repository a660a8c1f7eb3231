import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(x, 8, 3, reuse=tf.AUTO_REUSE, name="c")
layer = tf.layers.SeparableConv1D(8, 3)
z = layer.apply(y)
