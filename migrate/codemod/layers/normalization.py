"""`BatchNormalization` / `batch_normalization` (tensorflow/python/layers/normalization.py)."""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="normalization",
    api="layers",
    implementation="normalization",
    names=(
        ("BatchNormalization", "batch_normalization"),
        ("batch_normalization", "batch_normalization"),
    ),
    aliases=(("BatchNorm", "BatchNormalization"), ("batch_norm", "batch_normalization")),
)
