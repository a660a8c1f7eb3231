import tensorflow as tf


def model(x):
    return tf.keras.layers.SeparableConv1D(16, 3, padding="same", activation=tf.nn.relu, data_format="channels_last")(x)
