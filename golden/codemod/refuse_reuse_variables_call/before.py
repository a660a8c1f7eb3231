import tensorflow.compat.v1 as tf

with tf.variable_scope("net") as scope:
    a = tf.layers.separable_conv1d(x1, 8, 3, name="c")
    scope.reuse_variables()
    b = tf.layers.separable_conv1d(x2, 8, 3, name="c")
