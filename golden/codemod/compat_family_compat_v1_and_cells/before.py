import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def encoder(inputs, lengths, is_training):
    x = tf.compat.v1.layers.conv1d(inputs, 64, 5, padding="same")
    x = tf.layers.batch_normalization(x, training=is_training)
    cells = [tf.nn.rnn_cell.LSTMCell(128, name="lstm_%d" % i) for i in range(2)]
    cells = [tf.nn.rnn_cell.DropoutWrapper(c, output_keep_prob=0.9) for c in cells]
    stack = tf.nn.rnn_cell.MultiRNNCell(cells)
    outputs, state = tf.nn.dynamic_rnn(stack, x, sequence_length=lengths, dtype=tf.float32)
    gru = tf.compat.v1.nn.rnn_cell.GRUCell(32)
    basic = (tf.nn.rnn_cell.BasicLSTMCell(8), tf.nn.rnn_cell.BasicRNNCell(8))
    res = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(64))
    dev = tf.nn.rnn_cell.DeviceWrapper(gru, "/cpu:0")
    zero = tf.nn.rnn_cell.LSTMStateTuple(c=tf.zeros([1, 8]), h=tf.zeros([1, 8]))
    return outputs, state, basic, res, dev, zero
