import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.random_normal_initializer(), pointwise_initializer=tf.random_uniform_initializer())
b = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.truncated_normal_initializer(stddev=0.02), bias_initializer=tf.constant_initializer(0.1))
c = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=1), bias_initializer=tf.ones_initializer())
