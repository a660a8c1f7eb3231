import tensorflow.compat.v1 as tf
from tensorflow import keras

y = tf.nn.relu(keras.layers.SeparableConv1D(8, 3, padding="same", data_format="channels_last")(keras.layers.SeparableConv1D(8, 3, padding="same", data_format="channels_last")(x)))
