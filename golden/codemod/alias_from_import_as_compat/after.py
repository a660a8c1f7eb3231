import compat_layers

y = compat_layers.dense(x, 3, name="out")
z = compat_layers.conv1d(y, 4, 2)
