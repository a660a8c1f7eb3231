import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 20, 4])
y = tf.layers.separable_conv1d(x, 8, 5, strides=2)
