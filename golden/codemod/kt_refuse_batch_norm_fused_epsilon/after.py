import tensorflow.compat.v1 as tf
from tensorflow import keras


def features(images, epsilon=1e-6):
    # Inference only, but v1's fused kernel raised epsilon to 1.001e-5: a run-time
    # value cannot be proved large enough, and 1e-8 is too small.
    a = tf.layers.batch_normalization(images, epsilon=epsilon, name="a")
    b = tf.layers.batch_normalization(images, axis=1, epsilon=1e-8, name="b")
    c = keras.layers.BatchNormalization(epsilon=1e-8, name="c")(images, training=False)
    return a, b, c
