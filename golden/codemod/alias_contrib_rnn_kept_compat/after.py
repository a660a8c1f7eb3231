import tensorflow as tf
import compat_layers

rnn = tf.contrib.rnn

cell = compat_layers.rnn_cell.LSTMCell(16)
norm = rnn.LayerNormBasicLSTMCell(16)
