import tensorflow as tf

rnn = tf.nn.rnn_cell
rnn_cell = tf.contrib.rnn


def encoder(inputs, num_units):
    cells = [rnn.LSTMCell(num_units, name="lstm_%d" % i) for i in range(2)]
    cells = [rnn_cell.DropoutWrapper(c, output_keep_prob=0.9) for c in cells]
    return tf.nn.dynamic_rnn(rnn.MultiRNNCell(cells), inputs, dtype=tf.float32)
