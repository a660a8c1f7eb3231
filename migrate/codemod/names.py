"""Which fully qualified names the codemod recognises, and what they are.

Names are matched after libcst's scopes have resolved aliases (the names libcst's
QualifiedNameProvider reports), so
`import tensorflow.compat.v1 as tf; tf.layers.separable_conv1d` and
`from tensorflow.layers import separable_conv1d as sc; sc` both arrive here as
fully qualified dotted names.
"""

from __future__ import annotations

import re
from enum import Enum

from migrate.codemod.layers import TABLE as FAMILY_TABLE

__all__ = [
    "CANDIDATE_NAMES",
    "CONTROL_FLOW",
    "Kind",
    "MAKE_TEMPLATE",
    "PARTIAL",
    "V1_ONLY_ATTRIBUTES",
    "VARIABLE_SCOPE",
    "canonical",
    "classify",
    "last_name",
    "tensorflow_name",
]


class Kind(Enum):
    V1_FUNCTION = "v1 function"  # tf.layers.separable_conv1d
    V1_CLASS = "v1 class"  # tf.layers.SeparableConv1D
    KERAS2_CLASS = "keras 2 class"  # tf.keras.layers.SeparableConv1D (accepted 'causal')


# Modules whose SeparableConv1D is a Keras layer: Keras 2 accepted padding='causal'
# and silently ignored kernel_* arguments; under Keras 3 both raise.
_KERAS_MODULES = (
    "tensorflow.keras.layers",
    "tensorflow.compat.v1.keras.layers",
    "tensorflow.compat.v2.keras.layers",
    "tensorflow.python.keras.layers",
    "keras.layers",
)

# The v1 spellings come from the family's one name table (migrate.codemod.layers).
_TABLE: dict[str, Kind] = {
    name: Kind.V1_CLASS if entry.name[0].isupper() else Kind.V1_FUNCTION
    for name, entry in FAMILY_TABLE.items()
    if entry.family == "separable_conv1d"
}
for _module in _KERAS_MODULES:
    _TABLE[f"{_module}.SeparableConv1D"] = Kind.KERAS2_CLASS
    _TABLE[f"{_module}.SeparableConvolution1D"] = Kind.KERAS2_CLASS

# Prefixes under which TensorFlow 1 code reached the v1 API.
_TF_PREFIXES = ("tensorflow.compat.v1.", "tensorflow.")


# `import tensorflow.compat.v2 as tf` then `tf.compat.v1.layers.dense`: libcst names it
# tensorflow.compat.v2.compat.v1.layers.dense, which is tensorflow.compat.v1.layers.dense.
_NESTED_COMPAT = re.compile(r"^tensorflow\.compat\.v[12]\.compat\.(v[12])\.")


def canonical(qualified_name: str) -> str:
    """The qualified name with a nested `compat.vN.compat.vM.` read as `compat.vM.`."""
    return _NESTED_COMPAT.sub(r"tensorflow.compat.\1.", qualified_name, count=1)


def tensorflow_name(qualified_names: set[str]) -> str | None:
    """The v1 API name (`"variable_scope"`) of a `tensorflow.*` qualified name, if any."""
    for name in qualified_names:
        for prefix in _TF_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix) :]
    return None


def classify(qualified_names: set[str]) -> Kind | None:
    """The candidate kind of a node given its qualified names, or None."""
    for name in qualified_names:
        kind = _TABLE.get(name)
        if kind is not None:
            return kind
    return None


VARIABLE_SCOPE = frozenset({"variable_scope"})
MAKE_TEMPLATE = frozenset({"make_template"})
# Functions whose callable arguments TensorFlow 1 traced once per graph, while
# eager TensorFlow 2 runs them once per evaluation (or per iteration).
CONTROL_FLOW = frozenset(
    {"cond", "case", "switch_case", "while_loop", "map_fn", "scan", "foldl", "foldr"}
)
PARTIAL = frozenset({"functools.partial"})
# Methods and attributes of the v1 layer that Keras 3 layers do not have.
V1_ONLY_ATTRIBUTES = frozenset(
    {"apply", "get_losses_for", "get_updates_for", "scope_name", "graph"}
)

# Last segments a candidate can have; qualified names (costly) are computed only
# for nodes whose last segment is one of these or an alias bound by an import.
CANDIDATE_NAMES = frozenset({"separable_conv1d", "SeparableConv1D", "SeparableConvolution1D"})


def last_name(node: object) -> str | None:
    """`c` for a Name `c` or an Attribute `a.b.c`, else None."""
    import libcst as cst

    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None
