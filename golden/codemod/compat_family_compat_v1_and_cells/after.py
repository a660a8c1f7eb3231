import tensorflow.compat.v1 as tf
import compat_layers

tf.disable_v2_behavior()


def encoder(inputs, lengths, is_training):
    x = compat_layers.conv1d(inputs, 64, 5, padding="same")
    x = compat_layers.batch_normalization(x, training=is_training)
    cells = [compat_layers.rnn_cell.LSTMCell(128, name="lstm_%d" % i) for i in range(2)]
    cells = [compat_layers.rnn_cell.DropoutWrapper(c, output_keep_prob=0.9) for c in cells]
    stack = compat_layers.rnn_cell.MultiRNNCell(cells)
    outputs, state = tf.nn.dynamic_rnn(stack, x, sequence_length=lengths, dtype=tf.float32)
    gru = compat_layers.rnn_cell.GRUCell(32)
    basic = (compat_layers.rnn_cell.BasicLSTMCell(8), compat_layers.rnn_cell.BasicRNNCell(8))
    res = compat_layers.rnn_cell.ResidualWrapper(compat_layers.rnn_cell.GRUCell(64))
    dev = compat_layers.rnn_cell.DeviceWrapper(gru, "/cpu:0")
    zero = compat_layers.rnn_cell.LSTMStateTuple(c=tf.zeros([1, 8]), h=tf.zeros([1, 8]))
    return outputs, state, basic, res, dev, zero
