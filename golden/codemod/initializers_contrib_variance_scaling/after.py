import tensorflow as tf

a = tf.keras.layers.SeparableConv1D(8, 3, pointwise_initializer=tf.keras.initializers.VarianceScaling(scale=2.011727389229801, mode="fan_in", distribution="truncated_normal"), data_format="channels_last")(x)
b = tf.keras.layers.SeparableConv1D(8, 3, pointwise_initializer=tf.keras.initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform"), data_format="channels_last")(x)
