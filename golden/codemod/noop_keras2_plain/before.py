import tensorflow as tf

layer = tf.keras.layers.SeparableConv1D(8, 3, padding="same", data_format="channels_last")
