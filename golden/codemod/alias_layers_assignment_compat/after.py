"""A module alias of tf.layers, used at module level and inside functions."""
import tensorflow as tf
import compat_layers

L = compat_layers
layers = compat_layers


def tower(x, training):
    net = compat_layers.conv2d(x, 32, 3, padding="same", name="conv")
    net = compat_layers.batch_normalization(net, training=training)
    net = compat_layers.max_pooling2d(net, 2, 2)
    return compat_layers.dense(compat_layers.flatten(net), 10, name="logits")


def shadowed(L):
    # `L` is a parameter here: not the alias.
    return L.dense(3)


sep = compat_layers.separable_conv1d(tf.zeros([1, 8, 4]), 8, 3, name="sep")
