import tensorflow as tf


def model(x):
    return tf.layers.separable_conv1d(x, 16, 3, padding="same", activation=tf.nn.relu)
