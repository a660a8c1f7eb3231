import tensorflow.compat.v1 as tf


def encoder(tokens, lengths):
    with tf.variable_scope("encoder"):
        cell_fw = tf.nn.rnn_cell.GRUCell(32)
        cell_bw = tf.nn.rnn_cell.GRUCell(32)
        (fw, bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, tokens, sequence_length=lengths, dtype=tf.float32
        )
        outputs = tf.concat([fw, bw], axis=-1)
        top, _ = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.LSTMCell(32), outputs, lengths, dtype=tf.float32, scope="top"
        )
    return top, state_fw, state_bw
