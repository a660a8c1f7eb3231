import tensorflow.compat.v1 as tf


def block(x):
	with tf.variable_scope('b'):
		return tf.layers.separable_conv1d(x, 8, 3, padding='causal')
