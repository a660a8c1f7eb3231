import tensorflow as tf

# Keras 2 accepted padding="causal" and ignored kernel_initializer; with channels_first and a
# bias, the Keras 3 layer computes in channels_last between two Permute layers.
causal = tf.keras.layers.SeparableConv1D(6, 3, padding="causal", data_format="channels_first")
ignored = tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_first", kernel_initializer="he_normal")(x)
no_bias = tf.keras.layers.SeparableConv1D(6, 3, padding="causal", data_format="channels_first", use_bias=False)(x)
untouched = tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_first")(x)
