import tensorflow.compat.v1 as tf


def decoder(x, blocks, helper):
    with tf.variable_scope("decoder"):
        x = tf.layers.separable_conv1d(x, 8, 3)  # certain: separable_conv1d
        for _ in range(blocks):
            x = tf.layers.separable_conv1d(x, 8, 3)  # one per iteration
        x = tf.layers.separable_conv1d(x, 8, 3)  # number depends on `blocks`
    with tf.variable_scope("head"):
        x = helper(x)  # may make unnamed layers in this scope
        x = tf.layers.separable_conv1d(x, 8, 3)
    with tf.variable_scope("mixed"):
        x = tf.keras.layers.Dense(8)(x)  # Keras layers share the legacy name counter
        x = tf.layers.separable_conv1d(x, 8, 3)
    with tf.variable_scope("nested"):
        with tf.variable_scope(helper.name):  # may be named separable_conv1d
            x = tf.layers.separable_conv1d(x, 8, 3)
        x = tf.layers.separable_conv1d(x, 8, 3)
    with tf.variable_scope("late"):
        x = tf.layers.separable_conv1d(x, 8, 3, name="separable_conv1d_1")
        x = tf.layers.separable_conv1d(x, 8, 3)
    return x
