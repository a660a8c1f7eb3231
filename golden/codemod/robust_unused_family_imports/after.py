"""Layers this package hands to its other modules (see __all__)."""
import tensorflow as tf
from compat_layers.rnn_cell import GRUCell
from compat_layers.rnn_cell import LSTMCell  # cells for models/seq.py
from compat_layers import conv2d_transpose as deconv2d
import compat_layers as layers_core
from tensorflow.contrib.rnn import static_rnn
import compat_layers

__all__ = ["GRUCell", "LSTMCell", "deconv2d", "layers_core", "static_rnn", "decoder_cell"]


def decoder_cell(units):
    # GRUCell is used here, so this import goes the usual way.
    return compat_layers.rnn_cell.DropoutWrapper(compat_layers.rnn_cell.GRUCell(units), output_keep_prob=0.9)
