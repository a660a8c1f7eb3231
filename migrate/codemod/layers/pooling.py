"""Average and max pooling in 1, 2 and 3 dimensions (tensorflow/python/layers/pooling.py)."""

from migrate.codemod.layers import FamilySpec

_FORMS = tuple(
    (f"{op.title()}Pooling{rank}D", f"{op}_pooling{rank}d")
    for op in ("average", "max")
    for rank in (1, 2, 3)
)

SPEC = FamilySpec(
    family="pooling",
    api="layers",
    implementation="pooling",
    names=tuple((name, kind) for cls, kind in _FORMS for name in (cls, kind)),
    aliases=(
        ("AvgPool2D", "AveragePooling2D"),
        ("MaxPool2D", "MaxPooling2D"),
        ("avg_pool2d", "average_pooling2d"),
        ("max_pool2d", "max_pooling2d"),
    ),
)
