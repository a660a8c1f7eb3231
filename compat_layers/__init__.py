"""TensorFlow 1 style layers that run on TensorFlow 2.16+ with Keras 3 as the default.

`import compat_layers` in place of `tf.compat.v1.layers` keeps legacy graph-mode code,
its variable names and its checkpoints working without `TF_USE_LEGACY_KERAS=1`.
"""

from compat_layers import experimental
from compat_layers._tracking import track_tf1_style_variables
from compat_layers.base import Layer, LegacyLayerWarning
from compat_layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from compat_layers.input_spec import InputSpec
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
from compat_layers.separable_conv1d import (
    SeparableConv1D,
    SeparableConvolution1D,
    separable_conv1d,
)

__all__ = [
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
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
    "SeparableConvolution1D",
    "average_pooling1d",
    "average_pooling2d",
    "average_pooling3d",
    "dense",
    "dropout",
    "experimental",
    "flatten",
    "max_pooling1d",
    "max_pooling2d",
    "max_pooling3d",
    "separable_conv1d",
    "track_tf1_style_variables",
]
__version__ = "0.1.0"
