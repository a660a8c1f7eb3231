import tensorflow.compat.v1 as tf

frozen = tf.layers.separable_conv1d(x, 8, 3, trainable=False, depthwise_regularizer=tf.contrib.layers.l2_regularizer(0.1))
fine = tf.layers.separable_conv1d(x, 8, 3, trainable=False, activity_regularizer=tf.contrib.layers.l2_regularizer(0.1))
