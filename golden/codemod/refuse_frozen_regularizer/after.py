import tensorflow.compat.v1 as tf
from tensorflow import keras

frozen = tf.layers.separable_conv1d(x, 8, 3, trainable=False, depthwise_regularizer=tf.contrib.layers.l2_regularizer(0.1))
fine = keras.layers.SeparableConv1D(8, 3, trainable=False, activity_regularizer=keras.regularizers.L2(0.05), data_format="channels_last")(x)
