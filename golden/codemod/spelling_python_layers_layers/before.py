from tensorflow.python.layers import layers as tf_layers

conv = tf_layers.SeparableConv1D(4, 3, use_bias=False)
