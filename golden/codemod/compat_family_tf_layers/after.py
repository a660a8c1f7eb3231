"""A TF1 CNN written against `import tensorflow as tf` (TensorFlow 1.x)."""
import tensorflow as tf
import compat_layers


def classifier(images, is_training, num_classes=10):
    # Every tf.layers function, arguments as the user wrote them.
    net = compat_layers.conv2d(images, 32, 3, padding="same",  # keep me
                           activation=tf.nn.relu, name="conv1")
    net = compat_layers.batch_normalization(net, training=is_training)
    net = compat_layers.max_pooling2d(net, 2, 2)
    net = compat_layers.average_pooling2d(net, 2, 1, padding='same')
    net = compat_layers.separable_conv2d(net, 64, 3)
    net = compat_layers.conv2d_transpose(net, 16, 3, strides=2)
    net = compat_layers.flatten(net)
    net = compat_layers.dropout(net, rate=0.5, training=is_training)
    return compat_layers.dense(net, num_classes, name="logits")


def sequence_and_volume(seq, vol):
    a = compat_layers.conv1d(seq, 8, 3)
    a = compat_layers.max_pooling1d(a, 2, 2)
    a = compat_layers.average_pooling1d(a, 2, 2)
    a = compat_layers.separable_conv1d(a, 8, 3)
    b = compat_layers.conv3d(vol, 4, 3)
    b = compat_layers.conv3d_transpose(b, 4, 3)
    b = compat_layers.max_pooling3d(b, 2, 2)
    b = compat_layers.average_pooling3d(b, 2, 2)
    return a, b


# The class forms.
LAYERS = [
    compat_layers.Conv1D(8, 3), compat_layers.Conv2D(8, 3), compat_layers.Conv3D(8, 3),
    compat_layers.Conv2DTranspose(8, 3), compat_layers.Conv3DTranspose(8, 3),
    compat_layers.SeparableConv1D(8, 3), compat_layers.SeparableConv2D(8, 3),
    compat_layers.Dense(4), compat_layers.Dropout(0.1), compat_layers.Flatten(),
    compat_layers.BatchNormalization(momentum=0.9),
    compat_layers.AveragePooling1D(2, 2), compat_layers.AveragePooling2D(2, 2),
    compat_layers.AveragePooling3D(2, 2), compat_layers.MaxPooling1D(2, 2),
    compat_layers.MaxPooling2D(2, 2), compat_layers.MaxPooling3D(2, 2),
]
spec = compat_layers.InputSpec(ndim=4)
with compat_layers.experimental.keras_style_scope():
    pass
