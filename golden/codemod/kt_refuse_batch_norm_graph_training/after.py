import tensorflow.compat.v1 as tf


def train(x, loss_fn):
    y = tf.layers.batch_normalization(x, training=True)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        return tf.train.AdamOptimizer().minimize(loss_fn(y))
