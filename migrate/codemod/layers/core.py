"""`Dense`, `Dropout` and `Flatten` (tensorflow/python/layers/core.py)."""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="core",
    api="layers",
    implementation="core",
    names=(
        ("Dense", "dense"),
        ("dense", "dense"),
        ("Dropout", "dropout"),
        ("dropout", "dropout"),
        ("Flatten", "flatten"),
        ("flatten", "flatten"),
    ),
    aliases=(("FullyConnected", "Dense"), ("fully_connected", "dense")),
)
