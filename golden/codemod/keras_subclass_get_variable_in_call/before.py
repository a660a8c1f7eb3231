import tensorflow.compat.v1 as tf


class Gate(tf.layers.Layer):
    def call(self, inputs):
        with tf.variable_scope("gate"):
            w = tf.get_variable("w", [inputs.shape.as_list()[-1], 1])
        return inputs * tf.sigmoid(tf.matmul(inputs, w))
