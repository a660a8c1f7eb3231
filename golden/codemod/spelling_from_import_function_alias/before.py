from tensorflow.layers import separable_conv1d as sc
import numpy as np


def block(x):
    return sc(x, 32, 3)
