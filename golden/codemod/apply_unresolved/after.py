import tensorflow.compat.v1 as tf
from tensorflow import keras

if BIG:
    layer = tf.layers.SeparableConv1D(8, 3, reuse=True)
else:
    layer = keras.layers.SeparableConv1D(4, 3, data_format="channels_last")
y = layer.apply(x)
print(layer.scope_name)


class Stack(object):
    def __init__(self):
        self.convs = [keras.layers.SeparableConv1D(8, 3, data_format="channels_last") for _ in range(2)]

    def __call__(self, x):
        return self.convs[1].apply(self.convs[0].apply(x))
