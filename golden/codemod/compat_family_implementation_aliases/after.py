import compat_layers

# Aliases only the implementation modules defined.
a = compat_layers.Conv2D(8, 3)
b = compat_layers.conv2d_transpose(x, 8, 3)
c = compat_layers.Conv3DTranspose(8, 3)
d = compat_layers.separable_conv2d(x, 8, 3)
e = compat_layers.Dense(3)
f = compat_layers.dense(x, 3)
g = compat_layers.BatchNormalization()
h = compat_layers.MaxPooling2D(2, 2)
i = compat_layers.average_pooling2d(x, 2, 2)
j = compat_layers.Conv2D(8, 3)


class Mine(compat_layers.Layer):
    pass
