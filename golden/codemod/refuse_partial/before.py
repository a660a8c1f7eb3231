import functools

import tensorflow.compat.v1 as tf

conv = functools.partial(tf.layers.separable_conv1d, kernel_size=3, padding="same")
