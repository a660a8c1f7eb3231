import tensorflow.compat.v1 as tf
import compat_layers

y = compat_layers.separable_conv1d(x, 8, 3, reuse=tf.AUTO_REUSE, name="c")
layer = compat_layers.SeparableConv1D(8, 3)
z = layer.apply(y)
