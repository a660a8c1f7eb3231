import tensorflow.compat.v1 as tf


class Model(object):
    def __init__(self):
        self.conv = tf.layers.SeparableConv1D(8, 3)

    def __call__(self, x):
        return self.conv.apply(x)


layer = tf.layers.SeparableConv1D(4, 3)
y = layer.apply(x)
z = tf.layers.SeparableConv1D(4, 1).apply(y)
