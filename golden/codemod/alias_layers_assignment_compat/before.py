"""A module alias of tf.layers, used at module level and inside functions."""
import tensorflow as tf

L = tf.layers
layers = tf.compat.v1.layers


def tower(x, training):
    net = L.conv2d(x, 32, 3, padding="same", name="conv")
    net = L.batch_normalization(net, training=training)
    net = layers.max_pooling2d(net, 2, 2)
    return L.dense(L.flatten(net), 10, name="logits")


def shadowed(L):
    # `L` is a parameter here: not the alias.
    return L.dense(3)


sep = L.separable_conv1d(tf.zeros([1, 8, 4]), 8, 3, name="sep")
