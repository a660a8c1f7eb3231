import tensorflow.compat.v1 as tf

init = tf.truncated_normal_initializer(stddev=0.02)
a = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=init)
b = tf.layers.separable_conv1d(x, 8, 3, bias_initializer=tf.constant_initializer([0.1, 0.2]))
