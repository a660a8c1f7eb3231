import tensorflow.compat.v1 as tf
from tensorflow import keras

a = keras.layers.SeparableConv1D(8, 3, depthwise_regularizer=tf.keras.regularizers.l2(0.5 * (0.01)), pointwise_regularizer=tf.nn.l2_loss, activity_regularizer=lambda t: 0.1 * tf.reduce_sum(t), data_format="channels_last")(x)
