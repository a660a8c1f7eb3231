import tensorflow.compat.v1 as tf


def encoder(x):
    cell_fw = tf.nn.rnn_cell.LSTMCell(8)
    cell_bw = tf.nn.rnn_cell.LSTMCell(8)
    (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, x, dtype=tf.float32)
    return tf.concat([out_fw, out_bw], axis=2)
