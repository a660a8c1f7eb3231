import tensorflow.compat.v1 as tf

LAYERS = {"sep": tf.layers.separable_conv1d, "sep_class": tf.layers.SeparableConv1D}
layer_cls = tf.layers.SeparableConv1D
