"""Layers this package hands to its other modules (see __all__)."""
import tensorflow as tf
from tensorflow.contrib.rnn import GRUCell, LSTMCell  # cells for models/seq.py
from tensorflow.python.layers.convolutional import deconv2d
from tensorflow.python.layers import core as layers_core
from tensorflow.contrib.rnn import static_rnn

__all__ = ["GRUCell", "LSTMCell", "deconv2d", "layers_core", "static_rnn", "decoder_cell"]


def decoder_cell(units):
    # GRUCell is used here, so this import goes the usual way.
    return tf.contrib.rnn.DropoutWrapper(GRUCell(units), output_keep_prob=0.9)
