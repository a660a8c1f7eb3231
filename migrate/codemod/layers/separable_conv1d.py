"""SeparableConv1D: renamed like the whole family with `--target compat`.

It is the one member `--target keras` also rewrites today, argument by argument:
see `separable_keras` (the rewrite), `separable_arguments` (one handler per
argument) and `separable_notes` (its diagnostics).
"""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="separable_conv1d",
    api="layers",
    implementation="convolutional",
    names=(("SeparableConv1D", "separable_conv1d"), ("separable_conv1d", "separable_conv1d")),
)
