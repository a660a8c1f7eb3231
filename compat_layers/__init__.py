"""TensorFlow 1 style layers that run on TensorFlow 2.16+ with Keras 3 as the default.

`import compat_layers` in place of `tf.compat.v1.layers` keeps legacy graph-mode code,
its variable names and its checkpoints working without `TF_USE_LEGACY_KERAS=1`.
"""

from compat_layers import experimental, rnn_cell
from compat_layers._tracking import track_tf1_style_variables
from compat_layers.base import Layer, LegacyLayerWarning
from compat_layers.convolutional import (
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    SeparableConv1D,
    SeparableConv2D,
    SeparableConvolution1D,
    conv1d,
    conv2d,
    conv2d_transpose,
    conv3d,
    conv3d_transpose,
    separable_conv1d,
    separable_conv2d,
)
from compat_layers.input_spec import InputSpec

__all__ = [
    "Conv1D",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "InputSpec",
    "Layer",
    "LegacyLayerWarning",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "experimental",
    "rnn_cell",
    "separable_conv1d",
    "separable_conv2d",
    "track_tf1_style_variables",
]
__version__ = "0.1.0"
