"""Pair the checkpoint's layers with the target's, by documented rules.

Rules, tried in this order; each one sees only what the earlier ones left unpaired:

1. `scope_map`: `{v1_scope: layer name, variable path, attribute path or layer object}`.
   A value of None leaves that checkpoint layer out on purpose.
2. `records`: the codemod's `LayerRecord`s (v1 scope + v1 name -> Keras name); the
   recorded scope is the one written inside the builder function, so a checkpoint scope
   that ends with it (`model/encoder/conv` for `encoder/conv`) matches too.
3. `exact`: the v1 scope equals the layer's variable path or name (compat layers keep
   v1 names, and `convert` stores layers under their Keras names).
4. `sanitised`: the v1 scope with `/` replaced by `_` equals the layer name.
5. `last_component`: the last part of the v1 scope equals the layer name.
6. `implicit_order`: v1 layers without a name (`dense`, `dense_1`, ...) in one variable
   scope pair up in creation order with Keras layers of that default name made by Keras.
7. `rnn_scope`: an RNN cell whose scope, up to the cell's own part (and `fw`/`bw`,
   `multi_rnn_cell/cell_<i>`), is the RNN layer's name with `/` -> `_`, or a scope the
   records give that name (a rewritten `dynamic_rnn`), pairs with the cell at the same
   direction and stack index of that layer.
8. `rnn_structure`: the one remaining v1 cell of a kind at a direction and stack index
   pairs with the one remaining Keras cell there (`rnn/multi_rnn_cell/cell_1/lstm_cell` ->
   the second `LSTMCell` of a `StackedRNNCells`; `.../fw/...` -> `Bidirectional`'s
   forward layer).

Every rule pairs only a checkpoint layer and a target layer of compatible kinds.

Names made up by a counter (`dense_7` from Keras, or from legacy-style layers
in eager mode) take part only in rules 1, 2 and 6: their numbers count the process's
layers, not the checkpoint's. Whenever a rule offers two candidates for one layer,
matching stops with an error naming both.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from migrate.checkpoints.reader import V1Layer
from migrate.checkpoints.targets import AUTO_NAME, TargetLayer


@dataclass
class Match:
    v1: V1Layer
    target: TargetLayer
    rule: str


@dataclass
class Matching:
    matches: list[Match]
    unmatched_v1: list[V1Layer]
    unmatched_targets: list[TargetLayer]
    skipped_v1: list[V1Layer]
    notes: list[str]


def _join(scope: str, name: str) -> str:
    return f"{scope}/{name}" if scope else name


def _suffix(name: str) -> int:
    match = AUTO_NAME.fullmatch(name)
    return int(match.group(2) or 0) if match else -1


RNN_KINDS = frozenset({"lstm", "gru", "basic_rnn", "rnn_cell"})
_DIRECTION = re.compile(r"(?:^|[/_])(fw|bw)(?=[/_]|$)")
_STACK_INDEX = re.compile(r"(?:^|/|multi_rnn_cell_)cell_(\d+)(?=[/_]|$)")
_CELL_PART = re.compile(
    r"[/_](?:fw|bw|multi_rnn_cell|(?:basic_)?lstm_cell|gru_cell|basic_rnn_cell)"
)


def compatible(v1: V1Layer, target: TargetLayer) -> bool:
    """Whether the checkpoint layer's kind goes into the target layer's."""
    return v1.kind == target.kind or (v1.kind == "rnn_cell" and target.kind in RNN_KINDS)


def rnn_position(scope: str) -> tuple[str, str | None, int | None]:
    """(scope before the cell parts, `fw`/`bw`/None, stack index/None) of a v1 cell scope."""
    direction = _DIRECTION.search(scope)
    index = _STACK_INDEX.search(scope)
    prefix = _CELL_PART.split("/" + scope, maxsplit=1)[0][1:]
    return (
        prefix,
        direction.group(1) if direction else None,
        int(index.group(1)) if index else None,
    )


def _record_dicts(obj: object) -> list[list[dict]]:
    """Lists of layer records found anywhere in a report, one list per source file."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    if isinstance(obj, list) and obj and all(hasattr(item, "to_dict") for item in obj):
        obj = [item.to_dict() for item in obj]
    groups: list[list[dict]] = []

    def visit(node: object) -> None:
        if isinstance(node, list):
            records = [item for item in node if isinstance(item, dict) and "keras_name" in item]
            if records:
                groups.append(records)
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for value in node.values():
                visit(value)

    visit(obj)
    return groups


def _parsed(records: object) -> object:
    if isinstance(records, (str, os.PathLike)):
        try:
            with open(records, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError) as exc:
            raise ValueError(
                "Invalid value for argument `records`. Expected a migration report JSON "
                f"file. Received: records={os.fspath(records)!r} ({exc})"
            ) from exc
    return records


def records_to_map(records: object) -> dict[str, set[str]]:
    """v1 layer scope -> Keras names, from a codemod report, `MigrationResult` or records.

    The codemod records the v1 name of every unnamed layer whose number it knows
    (`dense_1`, `conv2d`, ...). For a record with a Keras name but no v1 name (reports of
    versions that covered SeparableConv1D only), the name is inferred from source order:
    the k-th unnamed call in a variable scope of one file made `separable_conv1d_k`
    (`separable_conv1d` for the first), assuming each call runs once, top to bottom, as
    builder functions do.

    Raises:
      ValueError: `records` is a path that cannot be read as JSON.
    """
    if records is None:
        return {}
    records = _parsed(records)
    mapping: dict[str, set[str]] = {}
    for group in _record_dicts(records):
        ordered = sorted(
            group, key=lambda r: (r.get("cell") or 0, r.get("line") or 0, r.get("column") or 0)
        )
        implicit_seen: dict[str, int] = {}
        for record in ordered:
            scope = record.get("v1_scope")
            if scope is None:
                continue  # a scope computed at run time: no static name to map
            name = record.get("v1_name")
            if name is None:
                k = implicit_seen.get(scope, 0)
                implicit_seen[scope] = k + 1
                name = "separable_conv1d" + (f"_{k}" if k else "")
            keras_name = record.get("keras_name")
            if keras_name:
                mapping.setdefault(_join(scope, name), set()).add(keras_name)
    return mapping


def recorded_forget_bias(records: object) -> dict[str, float]:
    """Keras RNN layer name -> the `forget_bias` of its v1 LSTM cells, from the records
    of `dynamic_rnn` calls the codemod rewrote."""
    if records is None:
        return {}
    return {
        record["keras_name"]: float(record["forget_bias"])
        for group in _record_dicts(_parsed(records))
        for record in group
        if record.get("forget_bias") is not None and record.get("keras_name")
    }


def recorded_names(scope: str, record_map: Mapping[str, set[str]]) -> set[str]:
    """The Keras names recorded for checkpoint scope `scope`, exact paths first.

    A record holds the scope written inside one builder function; called under an outer
    `variable_scope`, the builder made `outer/<recorded>`, so a suffix match counts when no
    record matches the whole scope.
    """
    if scope in record_map:
        return set(record_map[scope])
    suffixes = [path for path in record_map if scope.endswith("/" + path)]
    # The longest recorded path is the most specific (`block/conv` over `conv`).
    return set(record_map[max(suffixes, key=len)]) if suffixes else set()


def _ambiguous(rule: str, subject: str, candidates: Iterable[str]) -> ValueError:
    quoted = [f"`{c}`" for c in candidates]
    names = ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return ValueError(
        f"Ambiguous checkpoint mapping: {subject} has several candidates by rule "
        f"'{rule}': {names}. Pass scope_map={{v1_scope: layer_name}} to choose, or give "
        "the layers distinct names."
    )


class _Matcher:
    def __init__(self, v1_layers: list[V1Layer], targets: list[TargetLayer]):
        self.v1 = list(v1_layers)
        self.targets = list(targets)
        self.all_targets = list(targets)
        self.matches: list[Match] = []
        self.skipped: list[V1Layer] = []
        self.notes: list[str] = []

    def pair(self, v1: V1Layer, target: TargetLayer, rule: str) -> None:
        self.matches.append(Match(v1, target, rule))
        self.v1.remove(v1)
        self.targets.remove(target)

    def by_predicate(self, rule: str, predicate: Callable[[V1Layer, TargetLayer], bool]) -> None:
        pairs = []
        for target in self.targets:
            candidates = [v1 for v1 in self.v1 if compatible(v1, target) and predicate(v1, target)]
            if len(candidates) > 1:
                raise _ambiguous(
                    rule, f"layer `{target.label}` of the target", (c.scope for c in candidates)
                )
            if candidates:
                pairs.append((candidates[0], target))
        for v1 in {id(v): v for v, _ in pairs}.values():
            claimants = [t.label for v, t in pairs if v is v1]
            if len(claimants) > 1:
                raise _ambiguous(rule, f"checkpoint layer `{v1.scope}`", claimants)
        for v1, target in pairs:
            self.pair(v1, target, rule)

    def scope_map(self, scope_map: Mapping[str, object]) -> None:
        by_scope = {v1.scope: v1 for v1 in self.v1}
        claimed: dict[int, str] = {}
        for scope, wanted in scope_map.items():
            if scope not in by_scope:
                known = ", ".join(f"`{s}`" for s in sorted(by_scope)) or "none"
                raise ValueError(
                    f"Invalid value for argument `scope_map`. Expected keys that are scopes of "
                    f"layers in the checkpoint ({known}). Received: key {scope!r}"
                )
            if wanted is None:
                self.skipped.append(by_scope[scope])
                self.v1.remove(by_scope[scope])
                continue
            if isinstance(wanted, str):
                candidates = [t for t in self.all_targets if wanted in t.identifiers()]
            else:
                candidates = [t for t in self.all_targets if t.layer is wanted]
            if not candidates:
                known = ", ".join(f"`{t.label}`" for t in self.all_targets) or "none"
                raise ValueError(
                    "Invalid value for argument `scope_map`. Expected values naming layers "
                    f"of the target ({known}). Received: {scope!r}: {wanted!r}"
                )
            if len(candidates) > 1:
                raise _ambiguous("scope_map", f"{wanted!r}", (t.label for t in candidates))
            target = candidates[0]
            if id(target) in claimed:
                raise ValueError(
                    "Invalid value for argument `scope_map`. Expected each layer at most once. "
                    f"Received: {claimed[id(target)]!r} and {scope!r} both map to "
                    f"`{target.label}`"
                )
            claimed[id(target)] = scope
            self.pair(by_scope[scope], target, "scope_map")

    def implicit_order(self) -> None:
        groups: dict[str, tuple[list[V1Layer], list[TargetLayer]]] = {}
        for v1 in self.v1:
            match = AUTO_NAME.fullmatch(v1.scope.rpartition("/")[2])
            if match and v1.kind not in RNN_KINDS:
                groups.setdefault(match.group(1), ([], []))[0].append(v1)
        for target in self.targets:
            match = AUTO_NAME.fullmatch(target.own_name)
            if match and target.rnn is None:
                groups.setdefault(match.group(1), ([], []))[1].append(target)
        for implicit, auto in groups.values():
            self._implicit_order(implicit, auto)

    def rnn_cells(self, record_map: Mapping[str, set[str]]) -> None:
        cells = [v for v in self.v1 if v.kind in RNN_KINDS]

        def named(v1: V1Layer, target: TargetLayer) -> bool:
            prefix = rnn_position(v1.scope)[0]
            owner = target.rnn[0]  # type: ignore[index]
            return prefix.replace("/", "_") == owner or owner in recorded_names(prefix, record_map)

        def same_place(v1: V1Layer, target: TargetLayer) -> bool:
            return target.rnn is not None and rnn_position(v1.scope)[1:] == target.rnn[1:]

        self.by_predicate(
            "rnn_scope",
            lambda v, t: v in cells and same_place(v, t) and named(v, t),
        )
        for v1 in [v for v in self.v1 if v.kind in RNN_KINDS]:
            places = [t for t in self.targets if compatible(v1, t) and same_place(v1, t)]
            rivals = [v for v in self.v1 if places and compatible(v, places[0])]
            rivals = [v for v in rivals if same_place(v, places[0])]
            if len(places) == 1 and rivals == [v1]:
                self.pair(v1, places[0], "rnn_structure")
            elif places:
                self.notes.append(
                    f"RNN cell `{v1.scope}` has {len(places)} candidate cell(s) at its direction "
                    f"and stack index and {len(rivals) - 1} rival(s); pass scope_map"
                )

    def _implicit_order(self, implicit: list[V1Layer], auto: list[TargetLayer]) -> None:
        auto = [t for t in auto if any(compatible(v, t) for v in implicit)]
        if not implicit or not auto:
            return
        parents = sorted({v.scope.rpartition("/")[0] for v in implicit})
        if len(parents) > 1:
            self.notes.append(
                "unnamed v1 layers in several scopes ("
                + ", ".join(f"`{p or '<top>'}`" for p in parents)
                + ") cannot be paired with Keras's own layer names by creation order; "
                "name them in the code or pass scope_map"
            )
            return
        if len(implicit) != len(auto):
            self.notes.append(
                f"{len(implicit)} unnamed v1 layers and {len(auto)} Keras layers with "
                "Keras-made names cannot be paired by creation order; pass scope_map"
            )
            return
        implicit.sort(key=lambda v: _suffix(v.scope.rpartition("/")[2]))
        auto.sort(key=lambda t: _suffix(t.own_name))
        for v1, target in zip(implicit, auto, strict=True):
            self.pair(v1, target, "implicit_order")


def match_layers(
    v1_layers: list[V1Layer],
    targets: list[TargetLayer],
    *,
    scope_map: Mapping[str, object] | None,
    record_map: Mapping[str, set[str]],
) -> Matching:
    """Pair checkpoint layers with target layers by the rules in the module docstring.

    Raises:
      ValueError: `scope_map` names an unknown scope or layer, or a rule is ambiguous.
    """
    matcher = _Matcher(v1_layers, targets)
    if scope_map:
        matcher.scope_map(scope_map)
    matcher.by_predicate("records", lambda v, t: t.name in recorded_names(v.scope, record_map))
    matcher.by_predicate(
        "exact",
        lambda v, t: not t.auto_named and v.scope in (t.path, t.name),
    )
    matcher.by_predicate(
        "sanitised",
        lambda v, t: not t.auto_named and "/" in v.scope and v.scope.replace("/", "_") == t.name,
    )
    matcher.by_predicate(
        "last_component",
        lambda v, t: not t.auto_named and "/" in v.scope and v.scope.rpartition("/")[2] == t.name,
    )
    matcher.implicit_order()
    matcher.rnn_cells(record_map)
    return Matching(matcher.matches, matcher.v1, matcher.targets, matcher.skipped, matcher.notes)
