import tensorflow as tf
from tensorflow.keras import layers

import compat_layers


def dense(x, units):
    """The project's own `dense`: not TensorFlow's."""
    return x @ tf.ones([x.shape[-1], units])


y = dense(x, 3)
z = layers.Dense(3)(y)
w = tf.keras.layers.Conv2D(8, 3)(z)
v = compat_layers.dense(w, 4)
outputs, state = tf.compat.v1.nn.dynamic_rnn(cell, v, dtype=tf.float32)
self_layers = model.layers
