import tensorflow as tf

y = tf.keras.layers.SeparableConv1D(8, 3, name="head", data_format="channels_last")(x)
