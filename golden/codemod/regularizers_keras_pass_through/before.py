import tensorflow.compat.v1 as tf

a = tf.layers.separable_conv1d(x, 8, 3, depthwise_regularizer=tf.keras.regularizers.l2(l=0.5 * (0.01)), pointwise_regularizer=tf.nn.l2_loss, activity_regularizer=lambda t: 0.1 * tf.reduce_sum(t))
