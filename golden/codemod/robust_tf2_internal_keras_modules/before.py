# TensorFlow 2.0-2.15 code that reached the legacy layers through TF's private Keras copy.
from tensorflow.python.keras.legacy_tf_layers import core as legacy_core
from tensorflow.python.keras.legacy_tf_layers.pooling import MaxPooling1D
from tensorflow.python.keras.layers.legacy_rnn.rnn_cell_impl import BasicLSTMCell
from tensorflow.python.keras.layers.legacy_rnn import rnn_cell_wrapper_impl


def tagger(tokens, units):
    cell = rnn_cell_wrapper_impl.DropoutWrapper(BasicLSTMCell(units), output_keep_prob=0.8)
    pooled = MaxPooling1D(2, 2)(tokens)
    return cell, legacy_core.dense(pooled, units)
