import tensorflow as tf
import compat_layers

try:
    # Old installs: the cells came from contrib.
    from tensorflow.contrib import rnn as cells
except ImportError:
    cells = None


def encoder(units):
    # imported where it is needed
    return compat_layers.rnn_cell.GRUCell(units)


def decoder(units):

    if units > 64:
        # the output projection
        pass
    return compat_layers.rnn_cell.LSTMCell(units), compat_layers.Dense(units)


def stacked(units):
    return compat_layers.rnn_cell.MultiRNNCell([compat_layers.rnn_cell.GRUCell(units) for _ in range(2)])
