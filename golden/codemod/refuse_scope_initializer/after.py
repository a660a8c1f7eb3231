import tensorflow.compat.v1 as tf
from tensorflow import keras

with tf.variable_scope("net", initializer=tf.truncated_normal_initializer(stddev=0.01)):
    a = tf.layers.separable_conv1d(x, 8, 3)
    b = keras.layers.SeparableConv1D(8, 3, depthwise_initializer=keras.initializers.Ones(), pointwise_initializer=keras.initializers.Ones(), name="net_separable_conv1d_1", data_format="channels_last")(x)
