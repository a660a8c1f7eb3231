import tensorflow.compat.v1 as tf

y = tf.layers.separable_conv1d(x, 8, 3, 2, "same", "channels_last", 1, 2, tf.nn.relu, False, tf.glorot_normal_initializer(), tf.ones_initializer(), tf.constant_initializer(0.1), tf.contrib.layers.l2_regularizer(0.01), tf.contrib.layers.l1_regularizer(0.02), None, tf.contrib.layers.l2_regularizer(1e-3), tf.keras.constraints.MaxNorm(2.0), None, None, True, "sep", None)
