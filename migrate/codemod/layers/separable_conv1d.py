"""SeparableConv1D: the one family member the Keras target rewrites today.

With `--target compat` it is renamed like every other member (the table row
below). With `--target keras` the transformer rewrites its calls argument by
argument; the signatures, argument handlers, refusals and notes of that rewrite
live in `migrate.codemod.layers.separable_keras`.
"""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="separable_conv1d",
    api="layers",
    implementation="convolutional",
    names=(("SeparableConv1D", "separable_conv1d"), ("separable_conv1d", "separable_conv1d")),
)
