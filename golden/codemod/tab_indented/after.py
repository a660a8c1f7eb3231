import tensorflow.compat.v1 as tf
from tensorflow import keras


def block(x):
	with tf.variable_scope('b'):
		return keras.Sequential(
			[
				keras.layers.ZeroPadding1D(padding=(2, 0), data_format='channels_last'),
				keras.layers.SeparableConv1D(8, 3, name='b_separable_conv1d', padding='valid', data_format='channels_last'),
			]
		)(x)
