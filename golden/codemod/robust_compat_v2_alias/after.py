# Research code of the TF 1.15 / 2.x transition: the v2 API, with v1 layers through it.
import tensorflow.compat.v2 as tf
import compat_layers


def tower(images, shared):
    with tf.compat.v1.variable_scope("tower", reuse=shared):
        net = compat_layers.conv2d(images, 16, 3, activation=tf.nn.relu)
        net = compat_layers.max_pooling2d(net, 2, 2)
        cell = compat_layers.rnn_cell.LSTMCell(32)
        return compat_layers.dense(compat_layers.flatten(net), 10), cell
