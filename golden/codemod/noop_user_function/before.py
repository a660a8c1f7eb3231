def separable_conv1d(x, filters, kernel_size):
    return x


y = separable_conv1d(1, 2, 3)  # our own helper, not TensorFlow's
