"""A TF1 CNN written against `import tensorflow as tf` (TensorFlow 1.x)."""
import tensorflow as tf


def classifier(images, is_training, num_classes=10):
    # Every tf.layers function, arguments as the user wrote them.
    net = tf.layers.conv2d(images, 32, 3, padding="same",  # keep me
                           activation=tf.nn.relu, name="conv1")
    net = tf.layers.batch_normalization(net, training=is_training)
    net = tf.layers.max_pooling2d(net, 2, 2)
    net = tf.layers.average_pooling2d(net, 2, 1, padding='same')
    net = tf.layers.separable_conv2d(net, 64, 3)
    net = tf.layers.conv2d_transpose(net, 16, 3, strides=2)
    net = tf.layers.flatten(net)
    net = tf.layers.dropout(net, rate=0.5, training=is_training)
    return tf.layers.dense(net, num_classes, name="logits")


def sequence_and_volume(seq, vol):
    a = tf.layers.conv1d(seq, 8, 3)
    a = tf.layers.max_pooling1d(a, 2, 2)
    a = tf.layers.average_pooling1d(a, 2, 2)
    a = tf.layers.separable_conv1d(a, 8, 3)
    b = tf.layers.conv3d(vol, 4, 3)
    b = tf.layers.conv3d_transpose(b, 4, 3)
    b = tf.layers.max_pooling3d(b, 2, 2)
    b = tf.layers.average_pooling3d(b, 2, 2)
    return a, b


# The class forms.
LAYERS = [
    tf.layers.Conv1D(8, 3), tf.layers.Conv2D(8, 3), tf.layers.Conv3D(8, 3),
    tf.layers.Conv2DTranspose(8, 3), tf.layers.Conv3DTranspose(8, 3),
    tf.layers.SeparableConv1D(8, 3), tf.layers.SeparableConv2D(8, 3),
    tf.layers.Dense(4), tf.layers.Dropout(0.1), tf.layers.Flatten(),
    tf.layers.BatchNormalization(momentum=0.9),
    tf.layers.AveragePooling1D(2, 2), tf.layers.AveragePooling2D(2, 2),
    tf.layers.AveragePooling3D(2, 2), tf.layers.MaxPooling1D(2, 2),
    tf.layers.MaxPooling2D(2, 2), tf.layers.MaxPooling3D(2, 2),
]
spec = tf.layers.InputSpec(ndim=4)
with tf.layers.experimental.keras_style_scope():
    pass
