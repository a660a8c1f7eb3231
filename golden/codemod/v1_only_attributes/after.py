import tensorflow.compat.v1 as tf
from tensorflow import keras

layer = keras.layers.SeparableConv1D(8, 3, name="sep", data_format="channels_last")
y = layer(x)
print(layer.scope_name, layer.graph)
losses = layer.get_losses_for(x)
