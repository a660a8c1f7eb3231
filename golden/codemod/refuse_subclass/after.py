import tensorflow.compat.v1 as tf


class MyConv(tf.layers.SeparableConv1D):
    def call(self, inputs):
        return super().call(inputs) * 2
