# Research code of the TF 1.15 / 2.x transition: the v2 API, with v1 layers through it.
import tensorflow.compat.v2 as tf


def tower(images, shared):
    with tf.compat.v1.variable_scope("tower", reuse=shared):
        net = tf.compat.v1.layers.conv2d(images, 16, 3, activation=tf.nn.relu)
        net = tf.compat.v1.layers.max_pooling2d(net, 2, 2)
        cell = tf.compat.v1.nn.rnn_cell.LSTMCell(32)
        return tf.compat.v1.layers.dense(tf.compat.v1.layers.flatten(net), 10), cell
