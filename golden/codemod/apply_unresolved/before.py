import tensorflow.compat.v1 as tf

if BIG:
    layer = tf.layers.SeparableConv1D(8, 3, reuse=True)
else:
    layer = tf.layers.SeparableConv1D(4, 3)
y = layer.apply(x)
print(layer.scope_name)


class Stack(object):
    def __init__(self):
        self.convs = [tf.layers.SeparableConv1D(8, 3) for _ in range(2)]

    def __call__(self, x):
        return self.convs[1].apply(self.convs[0].apply(x))
