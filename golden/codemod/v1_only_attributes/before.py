import tensorflow.compat.v1 as tf

layer = tf.layers.SeparableConv1D(8, 3, name="sep")
y = layer(x)
print(layer.scope_name, layer.graph)
losses = layer.get_losses_for(x)
