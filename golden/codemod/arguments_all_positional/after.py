import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.layers.SeparableConv1D(8, 3, strides=2, padding="same", data_format="channels_last", depth_multiplier=2, activation=tf.nn.relu, use_bias=False, depthwise_initializer=keras.initializers.GlorotNormal(), pointwise_initializer=keras.initializers.Ones(), bias_initializer=keras.initializers.Constant(value=0.1), depthwise_regularizer=keras.regularizers.L2(0.005), pointwise_regularizer=keras.regularizers.L1(0.02), activity_regularizer=keras.regularizers.L2(0.0005), depthwise_constraint=tf.keras.constraints.MaxNorm(2.0), name="sep")(x)
