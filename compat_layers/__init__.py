"""TensorFlow 1 style layers that run on TensorFlow 2.16+ with Keras 3 as the default.

`import compat_layers` in place of `tf.compat.v1.layers` keeps legacy graph-mode code,
its variable names and its checkpoints working without `TF_USE_LEGACY_KERAS=1`.
"""

from compat_layers import experimental
from compat_layers._tracking import track_tf1_style_variables
from compat_layers.base import Layer, LegacyLayerWarning
from compat_layers.input_spec import InputSpec
from compat_layers.normalization import BatchNormalization, batch_normalization
from compat_layers.separable_conv1d import (
    SeparableConv1D,
    SeparableConvolution1D,
    separable_conv1d,
)

__all__ = [
    "BatchNormalization",
    "InputSpec",
    "Layer",
    "LegacyLayerWarning",
    "SeparableConv1D",
    "SeparableConvolution1D",
    "batch_normalization",
    "experimental",
    "separable_conv1d",
    "track_tf1_style_variables",
]
__version__ = "0.1.0"
