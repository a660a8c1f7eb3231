import tensorflow.compat.v1 as tf


def head(x):
    up = tf.layers.Conv3DTranspose(2, (2, 2, 2), (2, 2, 2), "valid", activation=tf.nn.relu)
    return up(x)
