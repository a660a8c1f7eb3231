import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        inputs=x,
        units=8,
        activation=tf.nn.relu,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=tf.zeros_initializer(),
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name="fc",
        reuse=None,
    )
