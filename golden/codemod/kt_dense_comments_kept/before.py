import tensorflow.compat.v1 as tf


def head(x):
    return tf.layers.dense(
        x,  # the features
        8,
        activation=None,  # logits
        use_bias=True,
    )
