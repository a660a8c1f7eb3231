import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.contrib.rnn import LayerNormBasicLSTMCell

# TensorFlow 1's tf.contrib.rnn re-exported the core cells.
cell = tf.contrib.rnn.MultiRNNCell(
    [tf.contrib.rnn.BasicLSTMCell(64), rnn.GRUCell(64)]
)
wrapped = tf.contrib.rnn.DropoutWrapper(cell, input_keep_prob=0.8)
state = tf.contrib.rnn.LSTMStateTuple(c=None, h=None)
# Cells compat_layers does not provide stay, with a diagnostic.
norm = LayerNormBasicLSTMCell(64)
attention = tf.contrib.rnn.AttentionCellWrapper(cell, attn_length=4)
outputs, _ = tf.contrib.rnn.static_rnn(wrapped, inputs, dtype=tf.float32)
