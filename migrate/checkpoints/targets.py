"""Find the layers of a load target that take checkpoint weights, and their names.

A target is a Keras 3 model or layer (walked with `_flatten_layers`, which also enters the
`Sequential` that the codemod emits for causal padding, RNN layers, `StackedRNNCells` and
`Bidirectional`), a `tf.Module` (walked with `tf.Module._flatten`, so attribute paths such
as `encoder.conv` are known), or a single layer. Every Keras 3 layer or cell that a kind of
`migrate.checkpoints.kinds` takes counts; besides those, anything with a rank-3
`depthwise_kernel` and a `pointwise_kernel` variable counts: that covers `compat_layers`
layers. An RNN cell is one target: it knows its RNN layer (`owner`), its direction in a
`Bidirectional` (`fw`/`bw`) and its index in a `StackedRNNCells`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import keras
import tensorflow as tf

from migrate.checkpoints.kinds import KINDS_BY_NAME, Kind, kind_of_target

# Keras 3 and the legacy layers both name unnamed layers `dense`, `dense_1`, ...; such a
# name says nothing about which v1 layer it was.
AUTO_NAME = re.compile(
    r"(dense|conv[123]d(?:_transpose)?|separable_conv[12]d|batch_normalization"
    r"|(?:basic_)?lstm_cell|gru_cell|simple_rnn_cell|basic_rnn_cell|rnn|lstm|gru|simple_rnn"
    r"|bidirectional)(?:_(\d+))?"
)


@dataclass
class TargetLayer:
    """One layer (or RNN cell) of the target that takes checkpoint weights.

    Attributes:
      layer: the layer object (None for a layer known only by its variables).
      name: `layer.name`.
      path: the variables' path without the weight name: Keras 3 `variable.path`
        (`sequential/dec_conv`), or a TF variable name (`encoder/conv`) for other layers.
      attribute_path: where a `tf.Module` walk found it (`encoder.conv`), else None.
      variables: weight name -> variable; empty while the layer is not built.
      keras: whether it is a Keras 3 layer (its `path` comes from Keras names, not scopes).
      kind: the name of the kind it takes.
      rnn: for a cell, (RNN layer name, `fw`/`bw`/None, stack index or None).
    """

    layer: object
    name: str
    path: str | None
    attribute_path: str | None
    variables: dict[str, object]
    keras: bool
    kind: str = "separable_conv"
    rnn: tuple[str, str | None, int | None] | None = None

    @property
    def spec(self) -> Kind:
        return KINDS_BY_NAME[self.kind]

    @property
    def label(self) -> str:
        """How error messages and reports name the layer."""
        if self.rnn is not None:
            owner, direction, index = self.rnn
            parts = [owner] + ([direction] if direction else [])
            parts += [f"cell_{index}"] if index is not None else []
            return f"{self.name} (in {'/'.join(parts)})"
        if self.attribute_path and self.attribute_path != self.name:
            return f"{self.name} (at {self.attribute_path})"
        return self.name

    @property
    def auto_named(self) -> bool:
        """Whether the layer's name was made up by a counter (it carries no v1 information).

        Keras numbers unnamed layers across the whole process, and so do legacy layers
        (and compat_layers) in eager mode, so `separable_conv1d_3` there need not be the
        checkpoint's `separable_conv1d_3`.
        """
        return AUTO_NAME.fullmatch(self.own_name) is not None

    @property
    def own_name(self) -> str:
        """The name the layer was given: Keras's layer name, else the last scope part."""
        return self.name if self.keras else (self.path or self.name).rpartition("/")[2]

    def identifiers(self) -> set[str]:
        """Every string that names this layer in `scope_map` values."""
        ids = {self.name}
        if self.path:
            ids.add(self.path)
        if self.attribute_path:
            ids.add(self.attribute_path)
            ids.add(self.attribute_path.replace(".", "/"))
        return ids


def _is_separable(obj: object) -> bool:
    if isinstance(obj, keras.layers.Layer):
        return False
    depthwise = getattr(obj, "depthwise_kernel", None)
    if depthwise is None or not hasattr(obj, "pointwise_kernel"):
        return False
    shape = getattr(depthwise, "shape", None)
    return shape is not None and len(shape) == 3


def _is_target(obj: object) -> bool:
    return kind_of_target(obj) is not None or _is_separable(obj)


def _variable_path(variable: object) -> str:
    path = getattr(variable, "path", None)
    if not isinstance(path, str):
        path = variable.name.split(":")[0]
    return path.rpartition("/")[0]


def _describe(layer: object, attribute_path: str | None, rnn: dict) -> TargetLayer:
    kind = kind_of_target(layer) or KINDS_BY_NAME["separable_conv"]
    variables = {}
    for weight in kind.keras_weights:
        value = getattr(layer, weight, None)
        if value is not None and hasattr(value, "assign"):
            variables[weight] = value
    name = getattr(layer, "name", None) or attribute_path or type(layer).__name__
    first = next(iter(variables.values()), None)
    path = _variable_path(first) if first is not None else None
    is_keras = isinstance(layer, keras.layers.Layer)
    return TargetLayer(
        layer, name, path, attribute_path, variables, is_keras, kind.name, rnn.get(id(layer))
    )


def _rnn_positions(layers: list[object]) -> dict[int, tuple[str, str | None, int | None]]:
    """id(cell) -> (RNN layer name, direction, stack index), for the cells of RNN layers."""
    direction: dict[int, tuple[str, str]] = {}
    for layer in layers:
        if isinstance(layer, keras.layers.Bidirectional):
            direction[id(layer.forward_layer)] = (layer.name, "fw")
            direction[id(layer.backward_layer)] = (layer.name, "bw")
    positions = {}
    for layer in layers:
        if not isinstance(layer, keras.layers.RNN):
            continue
        owner, way = direction.get(id(layer), (layer.name, None))
        cell = layer.cell
        if isinstance(cell, keras.layers.StackedRNNCells):
            for index, sub in enumerate(cell.cells):
                positions[id(sub)] = (owner, way, index)
        else:
            positions[id(cell)] = (owner, way, None)
    return positions


def find_target_layers(target: object) -> list[TargetLayer]:
    """The layers and cells of `target` that take weights, in the order the walk meets them.

    Raises:
      ValueError: `target` is not a Keras layer, a `tf.Module` or a separable conv layer.
    """
    found: list[tuple[object, str | None]] = []
    if isinstance(target, keras.layers.Layer):
        found = [(layer, None) for layer in _keras_walk(target)]
    elif isinstance(target, tf.Module):
        if _is_target(target):
            found.append((target, None))
        for path, value in target._flatten(predicate=_is_candidate, with_path=True):
            attribute_path = ".".join(str(part) for part in path)
            if isinstance(value, keras.layers.Layer):
                # Layers nested in a Keras layer are known by their own (unique) names.
                found.extend(
                    (layer, attribute_path if layer is value else None)
                    for layer in _keras_walk(value)
                )
            else:
                found.append((value, attribute_path))
    elif _is_target(target):
        found.append((target, None))
    else:
        raise ValueError(
            "Invalid value for argument `target`. Expected a Keras 3 model or layer, a "
            "`tf.Module`, or a layer that takes checkpoint weights. "
            f"Received: target={target!r} of type {type(target).__name__}"
        )
    seen: set[int] = set()
    layers = []
    rnn = _rnn_positions(_all_keras_layers(target))
    for layer, attribute_path in found:
        if id(layer) not in seen and _is_target(layer):
            seen.add(id(layer))
            layers.append(_describe(layer, attribute_path, rnn))
    if isinstance(target, tf.Module):
        layers += _variable_groups(target, layers)
    return layers


def _variable_groups(module: tf.Module, layers: list[TargetLayer]) -> list[TargetLayer]:
    """Layers known only by their variables' names.

    `track_tf1_style_variables` keeps the layers of a decorated method out of sight and
    tracks only their variables (`encoder/conv/depthwise_kernel:0`); grouping those names
    the way a checkpoint is grouped recovers the layers.
    """
    covered = {id(v) for layer in layers for v in layer.variables.values()}
    groups: dict[str, dict[str, object]] = {}
    for variable in module.variables:
        if id(variable) in covered:
            continue
        scope, _, weight = variable.name.split(":")[0].rpartition("/")
        if weight in ("depthwise_kernel", "pointwise_kernel", "bias"):
            groups.setdefault(scope, {})[weight] = variable
    return [
        TargetLayer(None, scope, scope, None, variables, keras=False)
        for scope, variables in sorted(groups.items())
        if "pointwise_kernel" in variables
        and len(getattr(variables.get("depthwise_kernel"), "shape", ())) == 3
    ]


def _is_candidate(value: object) -> bool:
    return _is_separable(value) or isinstance(value, keras.layers.Layer)


def _keras_walk(root: keras.layers.Layer) -> list[object]:
    # `_flatten_layers` is private, but it is the one walk that also enters layers held in
    # nested Sequential/Functional models, RNN layers and plain attributes of subclassed
    # layers.
    return [
        layer
        for layer in root._flatten_layers(include_self=True, recursive=True)
        if _is_target(layer)
    ]


def _all_keras_layers(target: object) -> list[object]:
    if isinstance(target, keras.layers.Layer):
        return list(target._flatten_layers(include_self=True, recursive=True))
    if isinstance(target, tf.Module):
        roots = target._flatten(predicate=lambda v: isinstance(v, keras.layers.Layer))
        return [x for root in roots for x in root._flatten_layers(include_self=True)]
    return []
