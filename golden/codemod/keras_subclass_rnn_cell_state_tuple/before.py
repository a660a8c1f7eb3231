import tensorflow.compat.v1 as tf
from tensorflow.compat.v1.nn import rnn_cell


class PeepholeCell(rnn_cell.RNNCell):
    def __init__(self, units, reuse=None):
        super().__init__(_reuse=reuse)
        self._units = units

    @property
    def state_size(self):
        return rnn_cell.LSTMStateTuple(self._units, self._units)

    @property
    def output_size(self):
        return self._units

    def build(self, inputs_shape):
        depth = inputs_shape[-1].value
        self._kernel = self.add_variable("kernel", [depth + self._units, 4 * self._units])
        self.built = True

    def call(self, inputs, state):
        c, h = state
        gates = tf.matmul(tf.concat([inputs, h], 1), self._kernel)
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(j)
        new_h = tf.sigmoid(o) * tf.tanh(new_c)
        return new_h, rnn_cell.LSTMStateTuple(new_c, new_h)

    def initial(self, batch):
        return self.zero_state(batch, tf.float32)
