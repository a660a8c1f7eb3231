import tensorflow.compat.v1 as tf
from tensorflow import keras


def run(x_value):
    x = tf.placeholder(tf.float32, [None, 4])
    y = keras.layers.BatchNormalization()(x, training=False)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run(y, {x: x_value})
