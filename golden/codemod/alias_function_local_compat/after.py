import tensorflow.compat.v1 as tf
import compat_layers


def build(x):
    dense_layers = compat_layers
    return compat_layers.dense(x, 4)


def other(x):
    dense_layers = make_layers()
    return dense_layers.dense(x, 4)
