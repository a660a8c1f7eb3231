# TensorFlow 2.0-2.15 code that reached the legacy layers through TF's private Keras copy.
import compat_layers


def tagger(tokens, units):
    cell = compat_layers.rnn_cell.DropoutWrapper(compat_layers.rnn_cell.BasicLSTMCell(units), output_keep_prob=0.8)
    pooled = compat_layers.MaxPooling1D(2, 2)(tokens)
    return cell, compat_layers.dense(pooled, units)
