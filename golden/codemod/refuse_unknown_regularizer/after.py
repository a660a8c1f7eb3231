import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer=my_regularizer)
b = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer=tf.contrib.layers.sum_regularizer([r1, r2]))
