import tensorflow.compat.v1 as tf


class Projection(tf.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        depth = input_shape[-1].value
        self.kernel = self.add_variable("kernel", [depth, self.units])
        self.bias = self.add_weight("bias", [self.units], partitioner=None)
        super().build(input_shape)

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel) + self.bias
