"""A TF1 siamese network: two inputs share one tower's weights.

The second call reuses the first call's variables through `reuse=True`.
Keras layers share weights by reusing the layer object instead, which a
mechanical rewrite cannot do safely, so the tool leaves these calls as they
are and says so.
"""

import tensorflow as tf
from tensorflow.layers import separable_conv1d


def tower(signal, reuse):
    with tf.variable_scope("tower", reuse=reuse):
        net = separable_conv1d(signal, 32, 7, padding="same", activation=tf.nn.relu, name="conv")
        net = tf.reduce_mean(net, axis=1)
        return tf.layers.dense(net, 16, name="embed")


def similarity(left, right):
    a = tower(left, reuse=False)
    b = tower(right, reuse=True)
    return tf.reduce_sum(tf.nn.l2_normalize(a, -1) * tf.nn.l2_normalize(b, -1), axis=-1)


def shared_head(features):
    # Explicit reuse on the call itself: also left for a human.
    return tf.layers.separable_conv1d(
        features, 16, 3, padding="same", name="head", reuse=tf.AUTO_REUSE
    )
