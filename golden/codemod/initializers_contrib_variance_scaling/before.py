import tensorflow as tf

a = tf.layers.separable_conv1d(x, 8, 3, pointwise_initializer=tf.contrib.layers.variance_scaling_initializer())
b = tf.layers.separable_conv1d(x, 8, 3, pointwise_initializer=tf.contrib.layers.variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=True))
