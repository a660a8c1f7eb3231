import tensorflow.compat.v1 as tf


def net(x):
    return tf.layers.separable_conv1d(x, 8, 3)


shared_net = tf.make_template("net", net)
