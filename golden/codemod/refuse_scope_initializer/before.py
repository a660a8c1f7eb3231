import tensorflow.compat.v1 as tf

with tf.variable_scope("net", initializer=tf.truncated_normal_initializer(stddev=0.01)):
    a = tf.layers.separable_conv1d(x, 8, 3)
    b = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.ones_initializer(), pointwise_initializer=tf.ones_initializer())
