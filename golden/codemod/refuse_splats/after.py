import tensorflow.compat.v1 as tf

CONFIG = dict(filters=8, kernel_size=3)
a = tf.layers.separable_conv1d(x, **CONFIG)
b = tf.layers.SeparableConv1D(*ARGS)
