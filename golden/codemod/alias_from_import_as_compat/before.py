from tensorflow.compat.v1 import layers as L
import tensorflow.compat.v1.layers as core_layers

y = L.dense(x, 3, name="out")
z = core_layers.conv1d(y, 4, 2)
