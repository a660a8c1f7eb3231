import os

try:
    import tensorflow.compat.v1 as tf
except ImportError:  # TensorFlow 1.x
    import tensorflow as tf
import compat_layers

tf.disable_eager_execution()
cell = compat_layers.rnn_cell.GRUCell(32)
stack = compat_layers.rnn_cell.MultiRNNCell([cell, compat_layers.rnn_cell.GRUCell(32)])

import sys
