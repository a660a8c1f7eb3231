"""The convolution layers of `tf.compat.v1.layers` and their functional forms.

Each class only names its rank and kind; everything else lives in the base `Conv` and its
kinds. Signatures and defaults are the legacy ones, and so are the aliases the legacy
module defined (`Convolution2D`, `Deconvolution2D`, `convolution2d_transpose`, ...).
"""

from __future__ import annotations

from compat_layers._conv_base import Conv
from compat_layers._conv_kinds import ConvTranspose, SeparableConv
from compat_layers._conv_utils import legacy_signature
from compat_layers._functional import functional_form

__all__ = [
    "Conv1D",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "SeparableConv1D",
    "SeparableConv2D",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "separable_conv1d",
    "separable_conv2d",
]


@legacy_signature
class Conv1D(Conv):
    """1D convolution (temporal convolution), with the TF1 `tf.layers` semantics.

    Creates `kernel` of shape `kernel_size + (input_channels, filters)` and `bias` of
    shape `(filters,)` in the layer's variable scope, as `tf.compat.v1.layers.Conv1D`
    did. Arguments are those of `compat_layers._conv_base.Conv`; `padding` may also be
    `"causal"`.

    Input shape:
      `(batch, length, channels)`, or `(batch, channels, length)` for `channels_first`.

    Output shape:
      `(batch, new_length, filters)`, or `(batch, filters, new_length)`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> layer = compat_layers.Conv1D(4, 3, padding="causal")
    >>> layer(np.ones((2, 10, 3), np.float32)).shape
    TensorShape([2, 10, 4])
    >>> [w.shape.as_list() for w in layer.weights]
    [[3, 3, 4], [4]]
    """

    _RANK = 1
    _OP_NAME = "Conv1D"
    _CAUSAL = True


@legacy_signature
class Conv2D(Conv):
    """2D convolution (spatial convolution over images), with the TF1 semantics.

    Variables `kernel` (`kernel_size + (input_channels, filters)`) and `bias`, as
    `tf.compat.v1.layers.Conv2D`. Arguments are those of `compat_layers._conv_base.Conv`.

    Input shape:
      `(batch, rows, cols, channels)`, or `(batch, channels, rows, cols)`.

    Output shape:
      `(batch, new_rows, new_cols, filters)`, or `(batch, filters, new_rows, new_cols)`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> compat_layers.Conv2D(8, 3, strides=2)(np.ones((1, 9, 9, 3), np.float32)).shape
    TensorShape([1, 4, 4, 8])
    """

    _RANK = 2
    _OP_NAME = "Conv2D"


@legacy_signature
class Conv3D(Conv):
    """3D convolution (over volumes), with the TF1 `tf.layers` semantics.

    Variables `kernel` (`kernel_size + (input_channels, filters)`) and `bias`, as
    `tf.compat.v1.layers.Conv3D`. Arguments are those of `compat_layers._conv_base.Conv`.

    Input shape:
      `(batch, depth, rows, cols, channels)`, or `(batch, channels, depth, rows, cols)`.

    Output shape:
      The same layout with `filters` channels and the convolved spatial sizes.
    """

    _RANK = 3
    _OP_NAME = "Conv3D"


@legacy_signature
class Conv2DTranspose(ConvTranspose):
    """Transposed 2D convolution (deconvolution), with the TF1 `tf.layers` semantics.

    Variables `kernel` (`kernel_size + (filters, input_channels)`) and `bias`, as
    `tf.compat.v1.layers.Conv2DTranspose`. Arguments: see
    `compat_layers._conv_kinds.ConvTranspose`.

    Input shape:
      `(batch, rows, cols, channels)`, or `(batch, channels, rows, cols)`.

    Output shape:
      `filters` channels; each spatial size `n` becomes `n * stride` with `"same"`
      padding and `n * stride + max(kernel - stride, 0)` with `"valid"`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> layer = compat_layers.Conv2DTranspose(2, 3, strides=2)
    >>> layer(np.ones((1, 4, 4, 5), np.float32)).shape
    TensorShape([1, 9, 9, 2])
    """

    _RANK = 2
    _NCHW_NEEDS_GPU = True


@legacy_signature
class Conv3DTranspose(ConvTranspose):
    """Transposed 3D convolution (deconvolution), with the TF1 `tf.layers` semantics.

    Variables `kernel` (`kernel_size + (filters, input_channels)`) and `bias`, as
    `tf.compat.v1.layers.Conv3DTranspose`. Arguments: see
    `compat_layers._conv_kinds.ConvTranspose`.

    Input shape:
      `(batch, depth, rows, cols, channels)`, or `(batch, channels, depth, rows, cols)`.

    Output shape:
      `filters` channels; spatial sizes as for `Conv2DTranspose`.
    """

    _RANK = 3


@legacy_signature
class SeparableConv1D(SeparableConv):
    """Depthwise separable 1D convolution, with the TF1 `tf.layers` semantics.

    Variables `depthwise_kernel` (`(kernel, channels, depth_multiplier)`),
    `pointwise_kernel` (`(1, channels * depth_multiplier, filters)`) and `bias`, as
    `tf.compat.v1.layers.SeparableConv1D`. Arguments: see
    `compat_layers._conv_kinds.SeparableConv`; `padding` may also be `"causal"`.

    Input shape:
      `(batch, length, channels)`, or `(batch, channels, length)` for `channels_first`.

    Output shape:
      `(batch, new_length, filters)`, or `(batch, filters, new_length)`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> layer = compat_layers.SeparableConv1D(4, 3, padding="same")
    >>> layer(np.ones((2, 10, 3), np.float32)).shape
    TensorShape([2, 10, 4])
    >>> [w.shape.as_list() for w in layer.weights]
    [[3, 3, 1], [1, 3, 4], [4]]
    """

    _RANK = 1
    _OP_NAME = "SeparableConv1D"
    _CAUSAL = True


@legacy_signature
class SeparableConv2D(SeparableConv):
    """Depthwise separable 2D convolution, with the TF1 `tf.layers` semantics.

    Variables `depthwise_kernel` (`kernel_size + (channels, depth_multiplier)`),
    `pointwise_kernel` (`(1, 1, channels * depth_multiplier, filters)`) and `bias`, as
    `tf.compat.v1.layers.SeparableConv2D`. Arguments: see
    `compat_layers._conv_kinds.SeparableConv`.

    Input shape:
      `(batch, rows, cols, channels)`, or `(batch, channels, rows, cols)`.

    Output shape:
      `(batch, new_rows, new_cols, filters)`, or `(batch, filters, new_rows, new_cols)`.
    """

    _RANK = 2
    _OP_NAME = "SeparableConv2D"


conv1d = functional_form(Conv1D, "conv1d")
conv2d = functional_form(Conv2D, "conv2d")
conv3d = functional_form(Conv3D, "conv3d")
conv2d_transpose = functional_form(Conv2DTranspose, "conv2d_transpose")
conv3d_transpose = functional_form(Conv3DTranspose, "conv3d_transpose")
separable_conv1d = functional_form(SeparableConv1D, "separable_conv1d")
separable_conv2d = functional_form(SeparableConv2D, "separable_conv2d")

# The aliases of TensorFlow's legacy module (`tf.compat.v1.layers` exported none of them).
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
Convolution2DTranspose = Deconvolution2D = Deconv2D = Conv2DTranspose
Convolution3DTranspose = Deconvolution3D = Deconv3D = Conv3DTranspose
convolution1d = conv1d
convolution2d = conv2d
convolution3d = conv3d
separable_convolution2d = separable_conv2d
convolution2d_transpose = deconvolution2d = deconv2d = conv2d_transpose
convolution3d_transpose = deconvolution3d = deconv3d = conv3d_transpose
