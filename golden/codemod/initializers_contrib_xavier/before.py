import tensorflow as tf

a = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.contrib.layers.xavier_initializer())
b = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.contrib.layers.xavier_initializer(uniform=False, seed=7))
