import tensorflow.compat.v1 as tf
from tensorflow import keras

if BIG:
    layer = tf.layers.SeparableConv1D(8, 3, reuse=True)
else:
    layer = keras.layers.SeparableConv1D(4, 3, data_format="channels_last")
y = layer.apply(x)
print(layer.scope_name)
