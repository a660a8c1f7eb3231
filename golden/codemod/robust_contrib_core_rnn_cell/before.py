# TensorFlow 1.0 code: the cells were imported from tf.contrib.rnn's own modules.
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import core_rnn_cell
from tensorflow.contrib.rnn.python.ops import core_rnn_cell_impl as impl
from tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl import LSTMStateTuple

cell = core_rnn_cell.MultiRNNCell([core_rnn_cell.GRUCell(8) for _ in range(2)])
state = LSTMStateTuple(c=tf.zeros([1, 8]), h=tf.zeros([1, 8]))
embedded = core_rnn_cell.EmbeddingWrapper(impl.BasicLSTMCell(8), 100, 16)
projection = impl._linear([state.h], 4, True)
legacy = tf.nn.rnn_cell._linear([state.c], 4, False)  # private: gone from the TF 2 API
