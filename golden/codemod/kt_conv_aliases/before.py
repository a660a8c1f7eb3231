from tensorflow.python.layers.convolutional import Convolution2D, deconv2d


def head(x):
    return deconv2d(Convolution2D(8, 3)(x), 4, 2, strides=2)
