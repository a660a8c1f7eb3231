import tensorflow.compat.v1 as tf

with tf.variable_scope("net", regularizer=tf.contrib.layers.l2_regularizer(1e-4)):
    a = tf.layers.separable_conv1d(x, 8, 3)
