import functools

import tensorflow.compat.v1 as tf
import compat_layers


class ScaledDense(compat_layers.Layer):
    """A user layer on the v1 base class."""

    def __init__(self, units, **kwargs):
        super(ScaledDense, self).__init__(**kwargs)
        self.units = units
        self.input_spec = compat_layers.InputSpec(min_ndim=2)


class PeepholeCell(compat_layers.rnn_cell.RNNCell):
    pass


class MyLSTM(compat_layers.rnn_cell.LSTMCell):
    pass


LAYERS = {"dense": compat_layers.dense, "conv": compat_layers.conv2d, "pool": compat_layers.MaxPooling2D}
conv3x3 = functools.partial(compat_layers.conv2d, kernel_size=3, padding="same")
fn = compat_layers.conv2d
make_cell = (compat_layers.rnn_cell.GRUCell)
y = LAYERS["dense"](fn(x, 8, 3), 4)
