from tensorflow.python.layers import convolutional as conv_layers
from tensorflow.python.layers import core, normalization, pooling, base
from tf_keras.src.legacy_tf_layers import convolutional as tfk_conv

# Aliases only the implementation modules defined.
a = conv_layers.Convolution2D(8, 3)
b = conv_layers.deconv2d(x, 8, 3)
c = conv_layers.Deconvolution3D(8, 3)
d = conv_layers.separable_convolution2d(x, 8, 3)
e = core.FullyConnected(3)
f = core.fully_connected(x, 3)
g = normalization.BatchNorm()
h = pooling.MaxPool2D(2, 2)
i = pooling.avg_pool2d(x, 2, 2)
j = tfk_conv.Conv2D(8, 3)


class Mine(base.Layer):
    pass
