"""The layer family: one spec module per family, one name table built from them.

Each module here describes one family of TensorFlow 1 legacy layers (`core`,
`convolutional`, `pooling`, `normalization`, `base`, `rnn_cell`, and
`separable_conv1d`, which has its own Keras rewrite) as a
`FamilySpec`: which public names the family has, which TensorFlow module
spellings export them, and which `compat_layers` name each becomes. This module
joins them into the one lookup table the codemod uses (`TABLE`), so recognising a
name, renaming it for `--target compat` and counting it in reports never needs code
per name. The Keras target's per-layer argument tables live in `keras_layers`
(`keras_spec`, `keras_batch_norm`) and are applied by `keras_rewrite`; `dynamic_rnn`
with its cells goes to `keras_rnn` (`keras_rnn_cells`, `keras_rnn_decide`, `keras_rnn_emit`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "API_MODULES",
    "FAMILIES",
    "FamilyName",
    "FamilySpec",
    "LAST_NAMES",
    "MODULE_LAST_NAMES",
    "TABLE",
    "compat_renames",
    "compat_target",
    "is_family_module",
    "lookup",
    "module_target",
    "unknown_member",
]


@dataclass(frozen=True)
class FamilySpec:
    """One family of legacy layers.

    Attributes:
      family: the family's name (`"core"`), also the spec module's name.
      api: `"layers"` (members of `tf.compat.v1.layers`) or `"rnn_cell"` (members of
        `tf.compat.v1.nn.rnn_cell`).
      implementation: the module name under `tensorflow.python.layers` /
        `tf_keras.src.legacy_tf_layers` that defined the family in TensorFlow 1
        (`"core"`), or None for families without one.
      names: `(public name, kind)` rows; the kind (`"dense"` for both `Dense` and
        `dense`) is what reports count.
      extra_modules: further fully qualified modules that export the same names (the
        implementation modules of tf-keras, `tf.contrib.rnn`, ...).
      aliases: `(alias, public name)` rows for the aliases only the implementation
        module defined (`Convolution2D = Conv2D` in `tensorflow.python.layers.convolutional`);
        an alias becomes the `compat_layers` name of its public name.
    """

    family: str
    api: str
    implementation: str | None
    names: tuple[tuple[str, str], ...]
    extra_modules: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FamilyName:
    """One recognised name.

    Attributes:
      name: the public name (`"dense"`, `"LSTMCell"`).
      kind: what reports count it as (`"dense"`, `"lstm_cell"`).
      family: the family (`"core"`).
      target: the `compat_layers` expression it becomes (`"compat_layers.dense"`).
    """

    name: str
    kind: str
    family: str
    target: str


# Modules that exported all of `tf.compat.v1.layers` / `tf.compat.v1.nn.rnn_cell`.
API_MODULES: dict[str, tuple[str, ...]] = {
    "layers": (
        "tensorflow.layers",
        "tensorflow.compat.v1.layers",
        "tensorflow.python.layers.layers",
        "tensorflow.keras.__internal__.legacy.layers",
        "tensorflow.compat.v1.keras.__internal__.legacy.layers",
    ),
    "rnn_cell": (
        "tensorflow.nn.rnn_cell",
        "tensorflow.compat.v1.nn.rnn_cell",
        "tensorflow.python.ops.rnn_cell",
        "tensorflow.python.ops.rnn_cell_impl",
        "tensorflow.keras.__internal__.legacy.rnn_cell",
        "tensorflow.compat.v1.keras.__internal__.legacy.rnn_cell",
    ),
}
# Where the `compat_layers` replacement of each API lives.
_TARGET_PREFIX = {"layers": "compat_layers", "rnn_cell": "compat_layers.rnn_cell"}
# Packages of a family's implementation module (`tensorflow.python.layers.core`, ...).
_IMPLEMENTATION_PACKAGES = (
    "tensorflow.python.layers",
    "tensorflow.python.keras.legacy_tf_layers",  # where TF 2.0-2.15 kept them
    "tf_keras.src.legacy_tf_layers",
    "tf_keras.legacy_tf_layers",
    "keras.legacy_tf_layers",
)
# Public modules whose members missing from the table are reported as names
# compat_layers does not provide (`tf.contrib.rnn.LayerNormBasicLSTMCell`); the
# implementation modules also held helpers that were never part of the API.
_REPORTED_MODULES = frozenset(
    (
        *API_MODULES["layers"],
        *API_MODULES["rnn_cell"],
        "tensorflow.contrib.rnn",
        "tensorflow.compat.v1.contrib.rnn",
        "tensorflow.contrib.rnn.python.ops.core_rnn_cell",
        "tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl",
        "tensorflow.contrib.rnn.python.ops.rnn_cell",
    )
)


def _families() -> tuple[FamilySpec, ...]:
    from migrate.codemod.layers import (
        base,
        convolutional,
        core,
        normalization,
        pooling,
        rnn_cell,
        separable_conv1d,
    )

    modules = (base, core, convolutional, separable_conv1d, pooling, normalization, rnn_cell)
    return tuple(module.SPEC for module in modules)


FAMILIES: tuple[FamilySpec, ...] = _families()


def _build() -> tuple[dict[str, FamilyName], dict[str, str]]:
    table: dict[str, FamilyName] = {}
    modules: dict[str, str] = {}  # fully qualified module -> api
    for spec in FAMILIES:
        prefix = _TARGET_PREFIX[spec.api]
        kinds = dict(spec.names)
        implementations = []
        if spec.implementation is not None:
            implementations = [f"{p}.{spec.implementation}" for p in _IMPLEMENTATION_PACKAGES]
        for module in (*API_MODULES[spec.api], *spec.extra_modules, *implementations):
            modules.setdefault(module, spec.api)
            rows = [(name, name) for name in kinds]
            if module in implementations:
                rows += list(spec.aliases)
            for name, public in rows:
                entry = FamilyName(name, kinds[public], spec.family, f"{prefix}.{public}")
                table.setdefault(f"{module}.{name}", entry)
    return table, modules


TABLE, _MODULES = _build()
# Last segments of every recognised name, and of the modules that hold them: the
# transformer asks scopes about a node only when its last name is one of these.
LAST_NAMES: frozenset[str] = frozenset(
    name for spec in FAMILIES for name, _ in (*spec.names, *spec.aliases)
)
MODULE_LAST_NAMES: frozenset[str] = frozenset(m.rsplit(".", 1)[1] for m in _MODULES)


def lookup(qualified_names: set[str]) -> FamilyName | None:
    """The family name a node stands for, given its qualified names, or None."""
    for name in qualified_names:
        entry = TABLE.get(name)
        if entry is not None:
            return entry
    return None


def is_family_module(qualified_name: str) -> bool:
    """Whether a fully qualified module name is one that exports family names."""
    return qualified_name in _MODULES


def module_target(qualified_name: str) -> str | None:
    """The compat_layers module standing for a family module (`compat_layers`,
    `compat_layers.rnn_cell`), or None for any other name."""
    api = _MODULES.get(qualified_name)
    return None if api is None else _TARGET_PREFIX[api]


def compat_target(qualified_name: str) -> str | None:
    """The `compat_layers` expression a family name or family module becomes, else None."""
    entry = TABLE.get(qualified_name)
    if entry is not None:
        return entry.target
    return module_target(qualified_name)


def compat_renames(imported: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """`compat_target` of each imported `(module, name)` pair that has one."""
    pairs = ((pair, compat_target(".".join(pair))) for pair in imported if pair[0])
    return {pair: target for pair, target in pairs if target is not None}


def unknown_member(qualified_names: set[str]) -> tuple[str, str] | None:
    """`(module, member)` when a node names a member of a family module that the table
    does not hold (`tf.contrib.rnn.LayerNormBasicLSTMCell`), else None."""
    for name in qualified_names:
        module, _, member = name.rpartition(".")
        # Private helpers of TensorFlow's implementation modules may still exist; those
        # reached through the public API (`tf.nn.rnn_cell._linear`) or tf.contrib do not.
        private = member.startswith("_") and module.startswith("tensorflow.python.")
        if module in _REPORTED_MODULES and name not in TABLE and not private:
            return module, member
    return None
