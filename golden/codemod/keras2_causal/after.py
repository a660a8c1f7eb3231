import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Sequential(
        [
            tf.keras.layers.ZeroPadding1D(padding=(4, 0)),
            tf.keras.layers.SeparableConv1D(16, 3, dilation_rate=2, activation="relu", padding="valid"),
        ]
    ),
    tf.keras.layers.GlobalAveragePooling1D(),
])
