import tensorflow.compat.v1 as tf


def encoder(x):
    (fw, bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(6), tf.nn.rnn_cell.GRUCell(6), x, dtype=tf.float32, scope="birnn"
    )
    return fw, bw, state_fw + state_bw
