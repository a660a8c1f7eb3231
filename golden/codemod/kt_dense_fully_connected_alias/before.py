from tensorflow.python.layers.core import FullyConnected, fully_connected


def head(x):
    return fully_connected(x, 8), FullyConnected(4)(x)
