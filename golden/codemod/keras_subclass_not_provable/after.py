import tensorflow.compat.v1 as tf


class Scaled(tf.layers.Layer):
    def __init__(self, factor, **kwargs):
        self.factor = factor
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.w = self.add_weight(
            name="w", shape=[input_shape[-1]], initializer=tf.glorot_normal_initializer()
        )

    def call(self, inputs, mask=None):
        return self.factor * inputs * self.w

    def get_config(self):
        return {"factor": self.factor}
