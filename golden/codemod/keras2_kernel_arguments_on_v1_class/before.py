import tensorflow.compat.v1 as tf

layer = tf.layers.SeparableConv1D(8, 3, kernel_initializer=tf.ones_initializer())
