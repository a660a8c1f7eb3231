import tensorflow.compat.v1 as tf
from tensorflow import keras


class Affine(keras.layers.Layer):
    """y = x @ w + b, with a non-trainable scale."""

    def __init__(self, units, name=None, **kwargs):
        super(Affine, self).__init__(name=name, **kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=[input_shape[-1], self.units])
        self.b = self.add_weight(
            name="b", shape=[self.units], initializer=tf.zeros_initializer()
        )
        self.scale = self.add_weight(
            name="scale",
            shape=[],
            initializer=tf.constant_initializer(2.0),
            trainable=False,
        )

    def call(self, inputs):
        return self.scale * tf.nn.relu(tf.matmul(inputs, self.w) + self.b)

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)


def head(x):
    return Affine(4)(x)
