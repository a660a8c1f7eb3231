from tensorflow.compat.v1.layers import dense, conv2d as c2d
from tensorflow.compat.v1.layers import Flatten  # the class form
from tensorflow.python.layers import core as core_layers, convolutional
from tensorflow.python.layers.pooling import max_pooling2d
from tensorflow.compat.v1.nn.rnn_cell import LSTMCell
from tensorflow.compat.v1 import layers
import tensorflow.compat.v1.layers as tfl


def net(x):
    x = c2d(x, 8, 3)
    x = max_pooling2d(x, 2, 2)
    x = convolutional.conv2d(x, 8, 3)
    x = Flatten()(x)
    x = core_layers.dense(x, 16)
    x = layers.dropout(x, 0.1)
    x = tfl.batch_normalization(x)
    return dense(x, 4), LSTMCell(3)
