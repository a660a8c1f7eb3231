"""TensorFlow 1 style layers that run on TensorFlow 2.16+ with Keras 3 as the default.

`import compat_layers` in place of `tf.compat.v1.layers` (and `compat_layers.rnn_cell` in
place of `tf.compat.v1.nn.rnn_cell`) keeps legacy graph-mode code, its variable names and
its checkpoints working without `TF_USE_LEGACY_KERAS=1`.
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
from compat_layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from compat_layers.input_spec import InputSpec
from compat_layers.normalization import BatchNormalization, batch_normalization
from compat_layers.pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    average_pooling1d,
    average_pooling2d,
    average_pooling3d,
    max_pooling1d,
    max_pooling2d,
    max_pooling3d,
)

__all__ = [
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "BatchNormalization",
    "Conv1D",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Dense",
    "Dropout",
    "Flatten",
    "InputSpec",
    "Layer",
    "LegacyLayerWarning",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "average_pooling1d",
    "average_pooling2d",
    "average_pooling3d",
    "batch_normalization",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "dense",
    "dropout",
    "experimental",
    "flatten",
    "max_pooling1d",
    "max_pooling2d",
    "max_pooling3d",
    "rnn_cell",
    "separable_conv1d",
    "separable_conv2d",
    "track_tf1_style_variables",
]
__version__ = "0.1.0"
