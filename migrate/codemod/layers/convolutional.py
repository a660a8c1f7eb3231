"""Convolutions other than SeparableConv1D (tensorflow/python/layers/convolutional.py).

The aliases (`Convolution2D`, `deconv2d`, ...) were never part of `tf.layers`; the
implementation module defined them, so they are recognised under that module only.
"""

from migrate.codemod.layers import FamilySpec

_FORMS = (
    ("Conv1D", "conv1d"),
    ("Conv2D", "conv2d"),
    ("Conv3D", "conv3d"),
    ("Conv2DTranspose", "conv2d_transpose"),
    ("Conv3DTranspose", "conv3d_transpose"),
    ("SeparableConv2D", "separable_conv2d"),
)

SPEC = FamilySpec(
    family="convolutional",
    api="layers",
    implementation="convolutional",
    names=tuple((name, kind) for cls, kind in _FORMS for name in (cls, kind)),
    aliases=(
        ("Convolution1D", "Conv1D"),
        ("Convolution2D", "Conv2D"),
        ("Convolution3D", "Conv3D"),
        ("SeparableConvolution2D", "SeparableConv2D"),
        ("Convolution2DTranspose", "Conv2DTranspose"),
        ("Deconvolution2D", "Conv2DTranspose"),
        ("Deconv2D", "Conv2DTranspose"),
        ("Convolution3DTranspose", "Conv3DTranspose"),
        ("Deconvolution3D", "Conv3DTranspose"),
        ("Deconv3D", "Conv3DTranspose"),
        ("convolution1d", "conv1d"),
        ("convolution2d", "conv2d"),
        ("convolution3d", "conv3d"),
        ("separable_convolution2d", "separable_conv2d"),
        ("convolution2d_transpose", "conv2d_transpose"),
        ("deconvolution2d", "conv2d_transpose"),
        ("deconv2d", "conv2d_transpose"),
        ("convolution3d_transpose", "conv3d_transpose"),
        ("deconvolution3d", "conv3d_transpose"),
        ("deconv3d", "conv3d_transpose"),
    ),
)
