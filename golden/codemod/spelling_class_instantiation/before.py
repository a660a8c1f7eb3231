import tensorflow.compat.v1 as tf

conv = tf.layers.SeparableConv1D(filters=16, kernel_size=3, depth_multiplier=2, name="sep")
y = conv(x)
z = tf.layers.SeparableConv1D(4, 1)(tf.layers.SeparableConv1D(filters=4, kernel_size=3)(x))
