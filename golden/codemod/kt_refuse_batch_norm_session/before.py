import tensorflow.compat.v1 as tf


def run(x_value):
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.batch_normalization(x, training=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(y, {x: x_value})
