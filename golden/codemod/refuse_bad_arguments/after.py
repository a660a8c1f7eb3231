import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x, 8, 3, kernel_initializer=tf.ones_initializer())
b = tf.layers.separable_conv1d(x, 8, 3, filters=4)
c = tf.layers.separable_conv1d(filters=8, kernel_size=3)
