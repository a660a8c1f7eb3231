from tensorflow.python.layers.pooling import AvgPool2D, max_pool2d


def head(x):
    pool = AvgPool2D(3, 1, "Same")
    return max_pool2d(pool(x), pool_size=2, strides=2)
