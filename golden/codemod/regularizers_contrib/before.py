import tensorflow.compat.v1 as tf

WEIGHT_DECAY = 1e-4
a = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer=tf.contrib.layers.l2_regularizer(WEIGHT_DECAY), pointwise_regularizer=tf.contrib.layers.l2_regularizer(2 * WEIGHT_DECAY))
b = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer=tf.contrib.layers.l1_l2_regularizer(0.01, 0.02), activity_regularizer=tf.contrib.layers.l1_regularizer(1e-5))
c = tf.layers.separable_conv1d(x, 8, 3, bias_regularizer=tf.contrib.layers.l2_regularizer(0.0))
