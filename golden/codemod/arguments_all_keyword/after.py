import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.layers.SeparableConv1D(
    filters=8,
    kernel_size=3,
    data_format="channels_last",
    dilation_rate=2,
    bias_regularizer=keras.regularizers.L2(0.25),
    pointwise_constraint=tf.keras.constraints.NonNeg(),
)(x)
