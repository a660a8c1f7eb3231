import tensorflow as tf
from tensorflow.compat.v1.layers import Layer


class Scale(Layer):
    def build(self, input_shape):
        self.g = self.add_weight(name="g", shape=[input_shape[-1]])

    def call(self, inputs):
        return inputs * self.g


class Shift(Layer):
    def call(self, inputs):
        return inputs + self.dtype_shift
