import tensorflow.compat.v1 as tf


def head(x):
    bn = tf.layers.BatchNormalization(momentum=0.9)
    return bn(x, training=True)
