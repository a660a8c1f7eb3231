import tensorflow.compat.v1 as tf

keras = "a local string"
y = tf.layers.separable_conv1d(x, 8, 3)
