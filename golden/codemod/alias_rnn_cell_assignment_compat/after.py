import tensorflow as tf
import compat_layers

rnn = compat_layers.rnn_cell
rnn_cell = compat_layers.rnn_cell


def encoder(inputs, num_units):
    cells = [compat_layers.rnn_cell.LSTMCell(num_units, name="lstm_%d" % i) for i in range(2)]
    cells = [compat_layers.rnn_cell.DropoutWrapper(c, output_keep_prob=0.9) for c in cells]
    return tf.nn.dynamic_rnn(compat_layers.rnn_cell.MultiRNNCell(cells), inputs, dtype=tf.float32)
