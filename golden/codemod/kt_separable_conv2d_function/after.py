import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    return keras.layers.SeparableConv2D(
        16,
        3,
        depth_multiplier=2,
        depthwise_initializer=keras.initializers.GlorotUniform(),
        pointwise_initializer=keras.initializers.VarianceScaling(scale=2.0),
        pointwise_regularizer=keras.regularizers.L2(0.005),
        data_format="channels_last",
    )(x)
