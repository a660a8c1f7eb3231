import tensorflow.compat.v1 as tf
from tensorflow import keras

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 20, 4])
y = keras.layers.SeparableConv1D(8, 5, strides=2, data_format="channels_last")(x)
