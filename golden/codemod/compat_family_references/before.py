import functools

import tensorflow.compat.v1 as tf


class ScaledDense(tf.layers.Layer):
    """A user layer on the v1 base class."""

    def __init__(self, units, **kwargs):
        super(ScaledDense, self).__init__(**kwargs)
        self.units = units
        self.input_spec = tf.layers.InputSpec(min_ndim=2)


class PeepholeCell(tf.nn.rnn_cell.RNNCell):
    pass


class MyLSTM(tf.nn.rnn_cell.LSTMCell):
    pass


LAYERS = {"dense": tf.layers.dense, "conv": tf.layers.conv2d, "pool": tf.layers.MaxPooling2D}
conv3x3 = functools.partial(tf.layers.conv2d, kernel_size=3, padding="same")
fn = tf.layers.conv2d
make_cell = (tf.nn.rnn_cell.GRUCell)
y = LAYERS["dense"](fn(x, 8, 3), 4)
