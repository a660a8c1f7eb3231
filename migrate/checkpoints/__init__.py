"""Load weights trained with TF1 legacy layers and cells into migrated Keras 3 models.

A TF1 checkpoint names weights by variable scope (`encoder/conv/depthwise_kernel`,
`rnn/lstm_cell/kernel`); a migrated Keras 3 model knows its layers by layer name and its
RNN cells by their place in RNN layers. This module finds the layers in a checkpoint (dense,
conv, separable conv, batch norm, LSTM, GRU and basic RNN cells: see
`migrate.checkpoints.kinds`), pairs them with the target's layers (see
`migrate.checkpoints.matching` for the rules), converts RNN cell weights to the Keras layout
(`migrate.layouts`), checks shapes and dtypes and assigns all weights or none.

Example:

```python
import keras
from migrate.checkpoints import load_v1_checkpoint

x = keras.Input((20, 3))
model = keras.Model(x, build(x))  # the migrated builder, called on keras.Input
report = load_v1_checkpoint(model, "train_dir/", records="migration_report.json")
print(report.summary())
```
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf

from migrate.checkpoints.convert import MANIFEST, convert_checkpoint
from migrate.checkpoints.matching import match_layers, recorded_forget_bias, records_to_map
from migrate.checkpoints.reader import V1Layer, read_layers
from migrate.checkpoints.targets import TargetLayer, find_target_layers

__all__ = [
    "MANIFEST",
    "LoadReport",
    "LoadedLayer",
    "V1Layer",
    "convert_checkpoint",
    "inspect_checkpoint",
    "load_v1_checkpoint",
    "main",
]


def main(argv: list[str] | None = None) -> int:
    """`tf1-migrate checkpoint ...` (see `migrate.cli.checkpoint.main`)."""
    from migrate.cli.checkpoint import main as checkpoint_main

    return checkpoint_main(argv)


@dataclass(frozen=True)
class LoadedLayer:
    """One layer that received weights.

    Attributes:
      v1_scope: the layer's scope in the checkpoint.
      layer: the target layer's name.
      rule: the matching rule that paired them (`scope_map`, `records`, `exact`,
        `sanitised`, `last_component` or `implicit_order`).
      variables: weight name -> checkpoint tensor name.
    """

    v1_scope: str
    layer: str
    rule: str
    variables: dict[str, str]

    def to_dict(self) -> dict:
        return {
            "v1_scope": self.v1_scope,
            "layer": self.layer,
            "rule": self.rule,
            "variables": dict(self.variables),
        }


@dataclass(frozen=True)
class LoadReport:
    """What `load_v1_checkpoint` loaded from where, and what it left.

    Attributes:
      checkpoint: the checkpoint prefix that was read.
      loaded: the layers that received weights.
      unmatched_checkpoint_layers: scopes of checkpoint layers no target layer took.
      unmatched_target_layers: target layers that received nothing.
      skipped_checkpoint_layers: scopes left out on purpose (`scope_map` value None).
      problems: why pairs could not be loaded (shape, dtype, unbuilt layer, unknown or
        unrecognised variables); with `strict=True` these are raised instead.
      other_variables: checkpoint tensors outside any layer (optimizer slots,
        `global_step`), and batch norm renorm statistics, which inference does not use.
    """

    checkpoint: str
    loaded: tuple[LoadedLayer, ...]
    unmatched_checkpoint_layers: tuple[str, ...] = ()
    unmatched_target_layers: tuple[str, ...] = ()
    skipped_checkpoint_layers: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    other_variables: tuple[str, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {
            "checkpoint": self.checkpoint,
            "loaded": [layer.to_dict() for layer in self.loaded],
            "unmatched_checkpoint_layers": list(self.unmatched_checkpoint_layers),
            "unmatched_target_layers": list(self.unmatched_target_layers),
            "skipped_checkpoint_layers": list(self.skipped_checkpoint_layers),
            "problems": list(self.problems),
            "other_variables": list(self.other_variables),
        }

    def summary(self) -> str:
        """A few human-readable lines."""
        lines = [f"Loaded {len(self.loaded)} layer(s) from {self.checkpoint}:"]
        lines += [f"  {x.v1_scope} -> {x.layer} ({x.rule})" for x in self.loaded]
        for title, items in (
            ("Checkpoint layers not loaded", self.unmatched_checkpoint_layers),
            ("Target layers not loaded", self.unmatched_target_layers),
            ("Problems", self.problems),
        ):
            if items:
                lines.append(f"{title}:")
                lines += [f"  {item}" for item in items]
        return "\n".join(lines)


def inspect_checkpoint(checkpoint: str | os.PathLike[str]) -> list[V1Layer]:
    """The layers stored in a checkpoint.

    Args:
      checkpoint: a TF1 checkpoint prefix, one of its files, or a directory holding a
        `checkpoint` file (an object-based checkpoint written by `convert` works too).

    Returns:
      One `V1Layer` per layer (scope, kind, variable names, shapes, dtype), sorted by scope.

    Raises:
      ValueError: the checkpoint is missing, unreadable, or holds no layer.
    """
    return read_layers(checkpoint).layers


def _check_pair(v1: V1Layer, target: TargetLayer, forget_bias: float) -> str | None:
    """Why `v1`'s weights cannot go into `target`, or None if they fit."""
    where = f"checkpoint layer `{v1.scope}` -> layer `{target.label}`"
    if not target.variables:
        return f"{where}: the layer is not built; call the model on an input first"
    if v1.unknown:
        names = ", ".join(f"`{n}`" for n in v1.unknown)
        return (
            f"{where}: the checkpoint has {names} in the layer's scope, which no Keras "
            f"weight holds (an LSTM with peepholes or a projection has no Keras 3 equivalent)"
        )
    if getattr(target.layer, "reset_after", False):
        return f"{where}: a v1 GRU cell loads only into GRUCell(reset_after=False)"
    expected = v1.keras_shapes(forget_bias)
    for weight in v1.spec.keras_weights:
        if (weight in expected) == (weight in target.variables):
            continue
        switch = v1.spec.optional.get(weight, "use_bias" if weight == "bias" else weight)
        if weight in expected:
            return f"{where}: the checkpoint has `{v1.scope}/{weight}` but {switch}=False"
        return f"{where}: the checkpoint has no `{v1.scope}/{weight}` but {switch}=True"
    converted = v1.spec.convert is not None
    for weight, variable in target.variables.items():
        shape = tuple(int(d) for d in variable.shape)
        if shape != expected[weight]:
            source = (
                f"`{weight}` converted from {v1.describe()}"
                if converted
                else f"`{v1.variables[weight]}`"
            )
            return (
                f"{where}: {source} has shape {expected[weight]} in the checkpoint, the "
                f"layer's `{weight}` has shape {shape}"
            )
        dtype = tf.as_dtype(variable.dtype).name
        if dtype != v1.dtype:
            return (
                f"{where}: `{v1.scope}` is {v1.dtype} in the checkpoint, the "
                f"layer's `{weight}` is {dtype} (build the layer with dtype='{v1.dtype}')"
            )
    return None


def _current_value(variable: object, target: TargetLayer) -> np.ndarray:
    try:
        return np.array(variable.numpy())
    # Graph variables refuse `.numpy()` with one of these, depending on how they were made.
    except (NotImplementedError, AttributeError, RuntimeError, TypeError, ValueError) as exc:
        raise ValueError(
            f"The variables of layer `{target.label}` live in a TF1 graph, where they cannot "
            "be assigned eagerly. compat_layers keeps the v1 variable names, so restore such "
            "a graph with `tf.compat.v1.train.Saver().restore(session, checkpoint)`."
        ) from exc


def load_v1_checkpoint(
    target: object,
    checkpoint: str | os.PathLike[str],
    *,
    scope_map: Mapping[str, object] | None = None,
    strict: bool = True,
    records: object = None,
    forget_bias: float = 1.0,
) -> LoadReport:
    """Load a TF1 checkpoint's layer and RNN cell weights into a migrated model.

    Args:
      target: a built Keras 3 model or layer, a `tf.Module` holding layers, or one layer
        (a Keras 3 layer or cell of a kind in `migrate.checkpoints.kinds`, or a
        `compat_layers` separable conv in eager mode).
      checkpoint: a TF1 checkpoint prefix, one of its files, or a directory holding a
        `checkpoint` file; an object-based checkpoint written by `convert` works too.
      scope_map: optional `{v1_scope: layer}` overrides; a layer is given by its name,
        its variable path (`sequential/conv`), its attribute path in a `tf.Module`
        (`encoder.conv`) or the layer object; None leaves that checkpoint layer out.
      strict: whether unmatched layers on either side and shape or dtype mismatches are
        an error (listing all of them) rather than entries of the report.
      records: the codemod's layer records: a migration report JSON path, its parsed
        content, a `MigrationResult`, or a list of `LayerRecord`s.
      forget_bias: the `forget_bias` the v1 LSTM cells were built with (the v1 default
        1.0). It is not stored in the checkpoint; it is added to the forget gate's bias,
        because a Keras `LSTMCell` adds nothing at run time. A value the records hold for
        an RNN layer (a rewritten `dynamic_rnn`) wins for that layer's cells.

    Returns:
      A `LoadReport`.

    Raises:
      ValueError: bad checkpoint or target, ambiguous matching, or with `strict=True`
        any unmatched or mismatched layer. On any error no weight has changed.
    """
    contents = read_layers(checkpoint)
    targets = find_target_layers(target)
    matching = match_layers(
        contents.layers, targets, scope_map=scope_map, record_map=records_to_map(records)
    )
    recorded = recorded_forget_bias(records)

    def bias_of(target: TargetLayer) -> float:
        return recorded.get(target.rnn[0], forget_bias) if target.rnn else forget_bias

    problems = [
        f"checkpoint scope `{scope}` is not a layer of a known kind: {reason}"
        for scope, reason in contents.unrecognised
    ]
    loadable = []
    for match in matching.matches:
        problem = _check_pair(match.v1, match.target, bias_of(match.target))
        if problem is None:
            loadable.append(match)
        else:
            problems.append(problem)
    unmatched_v1 = [f"`{v.scope}` ({v.describe()})" for v in matching.unmatched_v1]
    unmatched_targets = [t.label for t in matching.unmatched_targets]
    if strict and (problems or unmatched_v1 or unmatched_targets):
        lines = [f"Cannot load checkpoint {contents.prefix!r} into the target:"]
        lines += [f"  - {p}" for p in problems]
        lines += [f"  - checkpoint layer {s} matches no layer of the target" for s in unmatched_v1]
        lines += [
            f"  - layer `{t}` of the target matches no checkpoint layer" for t in unmatched_targets
        ]
        lines += [f"  note: {n}" for n in matching.notes]
        lines.append(
            "Pass scope_map={v1_scope: layer_name} for pairs the naming rules cannot find, "
            "or strict=False to load what matches."
        )
        raise ValueError("\n".join(lines))

    # Everything is read and checked before the first assignment, so an error leaves the
    # target untouched; a failure during assignment puts the old values back.
    plan = []
    for match in loadable:
        values = contents.keras_values(match.v1, bias_of(match.target))
        for weight, variable in match.target.variables.items():
            plan.append((variable, values[weight], _current_value(variable, match.target)))
    done = []
    try:
        for variable, value, old in plan:
            variable.assign(value)
            done.append((variable, old))
    except Exception:
        for variable, old in done:
            variable.assign(old)
        raise
    return LoadReport(
        checkpoint=contents.prefix,
        loaded=tuple(
            LoadedLayer(m.v1.scope, m.target.label, m.rule, dict(m.v1.variables)) for m in loadable
        ),
        unmatched_checkpoint_layers=tuple(v.scope for v in matching.unmatched_v1),
        unmatched_target_layers=tuple(unmatched_targets),
        skipped_checkpoint_layers=tuple(v.scope for v in matching.skipped_v1),
        problems=tuple(problems),
        other_variables=tuple(contents.other_variables)
        + tuple(v.variables[n] for v in contents.layers for n in v.ignored),
    )
