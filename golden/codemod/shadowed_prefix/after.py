import tensorflow as tf
from tensorflow.compat.v1 import layers as L


def build(x, tf):
    return L.separable_conv1d(x, 8, 3)
