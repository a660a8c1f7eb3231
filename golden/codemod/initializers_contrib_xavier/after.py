import tensorflow as tf

a = tf.keras.layers.SeparableConv1D(8, 3, depthwise_initializer=tf.keras.initializers.GlorotUniform(), data_format="channels_last")(x)
b = tf.keras.layers.SeparableConv1D(8, 3, depthwise_initializer=tf.keras.initializers.VarianceScaling(scale=1.0058636946149004, mode="fan_avg", distribution="truncated_normal", seed=7), data_format="channels_last")(x)
