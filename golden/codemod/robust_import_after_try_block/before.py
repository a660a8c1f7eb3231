import os

try:
    import tensorflow.compat.v1 as tf
except ImportError:  # TensorFlow 1.x
    import tensorflow as tf

tf.disable_eager_execution()
cell = tf.nn.rnn_cell.GRUCell(32)
stack = tf.nn.rnn_cell.MultiRNNCell([cell, tf.nn.rnn_cell.GRUCell(32)])

import sys
