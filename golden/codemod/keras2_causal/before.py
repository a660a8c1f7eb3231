import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.SeparableConv1D(16, 3, padding="causal", dilation_rate=2, activation="relu"),
    tf.keras.layers.GlobalAveragePooling1D(),
])
