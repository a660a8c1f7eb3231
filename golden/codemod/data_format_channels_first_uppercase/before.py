import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(x, 8, 3, data_format="Channels_First", padding='VALID')
