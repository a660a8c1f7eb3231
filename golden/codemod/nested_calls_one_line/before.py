import tensorflow.compat.v1 as tf

y = tf.nn.relu(tf.layers.separable_conv1d(tf.layers.separable_conv1d(x, 8, 3, padding="same"), 8, 3, padding="same"))
