import tensorflow.compat.v1 as tf
from tensorflow import keras

y = keras.layers.SeparableConv1D(  # the input
    # 64 channels out
    64,
    3,  # kernel
    strides=1,  # keep the length
    # not shared
    name="conv1",  # checkpoint name
    data_format="channels_last",
)(x)
