import tensorflow as tf
from tensorflow.contrib.rnn import LayerNormBasicLSTMCell
import compat_layers

# TensorFlow 1's tf.contrib.rnn re-exported the core cells.
cell = compat_layers.rnn_cell.MultiRNNCell(
    [compat_layers.rnn_cell.BasicLSTMCell(64), compat_layers.rnn_cell.GRUCell(64)]
)
wrapped = compat_layers.rnn_cell.DropoutWrapper(cell, input_keep_prob=0.8)
state = compat_layers.rnn_cell.LSTMStateTuple(c=None, h=None)
# Cells compat_layers does not provide stay, with a diagnostic.
norm = LayerNormBasicLSTMCell(64)
attention = tf.contrib.rnn.AttentionCellWrapper(cell, attn_length=4)
outputs, _ = tf.contrib.rnn.static_rnn(wrapped, inputs, dtype=tf.float32)
