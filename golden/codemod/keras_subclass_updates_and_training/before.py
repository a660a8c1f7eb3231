import tensorflow.compat.v1 as tf


class RunningMean(tf.layers.Layer):
    def build(self, input_shape):
        self.mean = self.add_weight(
            name="mean", shape=input_shape[-1:], initializer=tf.zeros_initializer(),
            trainable=False,
        )

    def call(self, inputs, training=False):
        if training:
            batch_mean = tf.reduce_mean(inputs, axis=0)
            self.add_update(tf.assign(self.mean, 0.9 * self.mean + 0.1 * batch_mean))
        return inputs - self.mean


def updates_of(layer):
    return layer.updates
