import compat_layers
# the class form


def net(x):
    x = compat_layers.conv2d(x, 8, 3)
    x = compat_layers.max_pooling2d(x, 2, 2)
    x = compat_layers.conv2d(x, 8, 3)
    x = compat_layers.Flatten()(x)
    x = compat_layers.dense(x, 16)
    x = compat_layers.dropout(x, 0.1)
    x = compat_layers.batch_normalization(x)
    return compat_layers.dense(x, 4), compat_layers.rnn_cell.LSTMCell(3)
