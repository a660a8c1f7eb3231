import tensorflow.compat.v1 as tf
from tensorflow import keras


def tower(x):
    return tf.layers.separable_conv1d(x, 8, 3, name="conv")


with tf.variable_scope("siamese", reuse=tf.AUTO_REUSE):
    left = tower(x1)
    right = tower(x2)
other = keras.layers.SeparableConv1D(8, 3, data_format="channels_last")(x3)
