from tensorflow.python.layers import convolutional

y = convolutional.separable_conv1d(x, 4, 3)
