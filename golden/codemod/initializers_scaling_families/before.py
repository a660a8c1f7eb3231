import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.variance_scaling_initializer(2.0, "fan_out", "normal"), pointwise_initializer=tf.glorot_uniform_initializer(seed=3))
b = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.initializers.he_normal(), pointwise_initializer=tf.initializers.lecun_uniform())
c = tf.layers.separable_conv1d(x, 8, 3, depthwise_initializer=tf.orthogonal_initializer(gain=2.0), pointwise_initializer=tf.keras.initializers.HeUniform())
