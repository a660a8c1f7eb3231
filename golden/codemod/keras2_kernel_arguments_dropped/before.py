import tensorflow as tf

layer = tf.keras.layers.SeparableConv1D(
    8,
    3,
    kernel_initializer="he_normal",
    kernel_regularizer=tf.keras.regularizers.l2(1e-4),
    depthwise_initializer="he_normal",
)
