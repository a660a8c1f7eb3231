from tensorflow.compat.v1.layers import SeparableConv1D

layer = SeparableConv1D(8, 3)
