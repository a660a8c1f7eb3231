import tensorflow as tf

layer = tf.keras.layers.SeparableConv1D(
    8,
    3,
    depthwise_initializer="he_normal",
)
