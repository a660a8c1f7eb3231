"""The matching rules of migrate.checkpoints never pair a layer with the wrong weights.

Random checkpoints (nested scopes, repeated last components, unnamed layers) meet Keras
models that name each layer by one of the conventions migrated code uses. Whatever the
names, matching either pairs every layer with its own scope, leaves layers unpaired, or
raises; it never pairs a layer with another layer's weights.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.checkpoints.matching import match_layers, records_to_map
from migrate.checkpoints.reader import V1Layer
from migrate.checkpoints.targets import TargetLayer

# No underscores: `a/b` -> `a_b` is then one-to-one, as the codemod's names are.
COMPONENTS = st.sampled_from(["enc", "dec", "conv", "block", "head", "a"])
SCOPES = st.lists(COMPONENTS, min_size=1, max_size=3).map("/".join)


def v1_layer(scope: str) -> V1Layer:
    shapes = {"depthwise_kernel": (3, 4, 1), "pointwise_kernel": (1, 4, 4)}
    return V1Layer(scope, {w: f"{scope}/{w}" for w in shapes}, shapes, "float32")


def keras_layer(name: str) -> TargetLayer:
    return TargetLayer(None, name, name, None, {}, keras=True)


@st.composite
def checkpoints_and_models(draw):
    """(v1 layers, Keras layers, true scope of each Keras layer name)."""
    named = draw(st.lists(SCOPES, unique=True, max_size=6))
    # Unnamed layers, in creation order: v1 numbers them per variable scope.
    parents = draw(st.lists(st.sampled_from(["", "enc", "dec/block"]), max_size=4))
    unnamed = []
    for i, parent in enumerate(parents):
        k = parents[:i].count(parent)
        unnamed.append(
            "/".join(filter(None, [parent, "separable_conv1d" + (f"_{k}" if k else "")]))
        )
    truth: dict[str, str] = {}
    for scope in named:
        style = draw(st.sampled_from(["sanitised", "last", "exact"]))
        name = {"sanitised": scope.replace("/", "_"), "last": scope.rpartition("/")[2]}.get(
            style, scope
        )
        if "/" in name or name in truth:
            name = scope.replace("/", "_")  # Keras forbids '/' and repeated names
        if name in truth:
            continue
        truth[name] = scope
    # Keras numbers its own layers across the process, in creation order.
    offset = draw(st.integers(0, 20))
    for k, scope in enumerate(unnamed):
        number = offset + k
        truth["separable_conv1d" + (f"_{number}" if number else "")] = scope
    keep = set(truth.values())
    layers = [v1_layer(s) for s in named + unnamed if s in keep]
    targets = draw(st.permutations([keras_layer(name) for name in truth]))
    return layers, list(targets), truth


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checkpoints_and_models())
def test_matching_pairs_correctly_or_not_at_all(case):
    layers, targets, truth = case
    try:
        matching = match_layers(layers, targets, scope_map=None, record_map={})
    except ValueError as exc:
        assert str(exc).startswith("Ambiguous checkpoint mapping")
        return
    for match in matching.matches:
        assert truth[match.target.name] == match.v1.scope, match.rule


@settings(max_examples=200, deadline=None)
@given(checkpoints_and_models())
def test_sanitised_names_always_pair_completely(case):
    layers, _, truth = case
    targets = [keras_layer(v.scope.replace("/", "_")) for v in layers if "separable" not in v.scope]
    matching = match_layers(
        [v for v in layers if "separable" not in v.scope],
        targets,
        scope_map=None,
        record_map={},
    )
    assert not matching.unmatched_v1 and not matching.unmatched_targets
    assert all(m.target.name == m.v1.scope.replace("/", "_") for m in matching.matches)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [
                {"line": 3, "column": 4, "v1_scope": "enc", "v1_name": None, "keras_name": "a"},
                {"line": 9, "column": 4, "v1_scope": "enc", "v1_name": None, "keras_name": "b"},
                {"line": 5, "column": 4, "v1_scope": "", "v1_name": None, "keras_name": "c"},
            ],
            {"enc/separable_conv1d": {"a"}, "enc/separable_conv1d_1": {"b"},
             "separable_conv1d": {"c"}},
            id="unnamed calls numbered per scope in source order",
        ),
        pytest.param(
            [{"line": 1, "column": 0, "v1_scope": None, "v1_name": "x", "keras_name": "x"},
             {"line": 2, "column": 0, "v1_scope": "s", "v1_name": "y", "keras_name": None}],
            {},
            id="dynamic scope and implicit Keras name give nothing",
        ),
    ],
)  # fmt: skip
def test_records_to_map(records, expected):
    assert records_to_map({"files": [{"path": "m.py", "layers": records}]}) == expected


def test_records_path_that_is_not_json(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match=r"Invalid value for argument `records`.*report.json"):
        records_to_map(path)
