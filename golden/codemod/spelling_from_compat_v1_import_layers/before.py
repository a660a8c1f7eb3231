from tensorflow.compat.v1 import layers as L


def block(x):
    return L.separable_conv1d(x, 32, 3, padding="same")
