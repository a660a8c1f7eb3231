import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    with tf.variable_scope("net", regularizer=tf.contrib.layers.l2_regularizer(0.1)):
        # Pooling has no weights, so the scope's regularizer reaches nothing.
        return keras.layers.MaxPooling2D(2, 2, name="net_pool", data_format="channels_last")(x)
