import tensorflow.compat.v1 as tf

if BIG:
    layer = tf.layers.SeparableConv1D(8, 3, reuse=True)
else:
    layer = tf.layers.SeparableConv1D(4, 3)
y = layer.apply(x)
print(layer.scope_name)
