import tensorflow as tf

try:
    # Old installs: the cells came from contrib.
    from tensorflow.contrib import rnn as cells
except ImportError:
    cells = None


def encoder(units):
    from tensorflow.contrib.rnn import GRUCell  # imported where it is needed
    return GRUCell(units)


def decoder(units):
    from tensorflow.contrib import rnn

    if units > 64:
        from tensorflow.python.layers.core import Dense  # the output projection
    return rnn.LSTMCell(units), Dense(units)


def stacked(units):
    return cells.MultiRNNCell([cells.GRUCell(units) for _ in range(2)])
