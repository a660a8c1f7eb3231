import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(
    x,  # the input
    # 64 channels out
    64,
    3,  # kernel
    strides=1,  # keep the length
    reuse=None,  # not shared
    name="conv1",  # checkpoint name
)
