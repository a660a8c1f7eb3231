import tensorflow.compat.v1 as tf
import tensorflow as tf2

keras = "a local string"
y = tf2.keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x)
