import tensorflow.compat.v1 as tf


FACTORIES = {"fc": tf.layers.dense}


def head(x):
    return FACTORIES["fc"](x, 8)
