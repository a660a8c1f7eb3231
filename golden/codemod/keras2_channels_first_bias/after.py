import tensorflow as tf

# Keras 2 accepted padding="causal" and ignored kernel_initializer; with channels_first and a
# bias, the Keras 3 layer computes in channels_last between two Permute layers.
causal = tf.keras.Sequential(
    [
        tf.keras.layers.Permute((2, 1)),
        tf.keras.layers.ZeroPadding1D(padding=(2, 0), data_format="channels_last"),
        tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_last", padding="valid"),
        tf.keras.layers.Permute((2, 1)),
    ]
)
ignored = tf.keras.Sequential(
    [
        tf.keras.layers.Permute((2, 1)),
        tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_last"),
        tf.keras.layers.Permute((2, 1)),
    ]
)(x)
no_bias = tf.keras.Sequential(
    [
        tf.keras.layers.ZeroPadding1D(padding=(2, 0), data_format="channels_first"),
        tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_first", use_bias=False, padding="valid"),
    ]
)(x)
untouched = tf.keras.layers.SeparableConv1D(6, 3, data_format="channels_first")(x)
