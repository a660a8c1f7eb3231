import mylib.layers as layers
from otherlib import SeparableConv1D

y = layers.separable_conv1d(x, 8, 3, reuse=True)
z = SeparableConv1D(8, 3, padding="causal")
