import tensorflow.compat.v1 as tf

layer = tf.layers.SeparableConv1D(8, 3, _reuse=True, _scope="shared")
