"""Calls through a module alias of tf.layers are rewritten like direct calls."""
import tensorflow.compat.v1 as tf

L = tf.layers


def head(x):
    net = L.dense(x, 64, activation=tf.nn.relu, name="hidden")
    net = L.separable_conv1d(net, 8, 3, padding="SAME", name="sep")
    return L.Layer(name="custom")
