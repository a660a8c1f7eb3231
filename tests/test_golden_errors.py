"""Error parity: configurations the legacy layer rejects, ours rejects earlier and clearer.

Every row of `INVALID` is run through TensorFlow's legacy `tf.compat.v1.layers.
SeparableConv1D` (all rows in ONE reference subprocess): construct, call on a placeholder,
run the output in a session. The reference must raise somewhere on that path; the stage
and its exception are recorded. `compat_layers` must raise a ValueError naming the argument
and the received value, at construction or at the call (never inside a session run), and
leave no half-built variables in the graph.
"""

from __future__ import annotations

import json
import re

import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

BASE = {"filters": 2, "kernel_size": 3}
SHAPE = (2, 9, 4)

# (id, constructor arguments, input shape, argument our message names, received fragment)
INVALID = [
    ("filters=0", {"filters": 0}, SHAPE, "filters", "filters=0"),
    ("filters=-2", {"filters": -2}, SHAPE, "filters", "filters=-2"),
    ("kernel_size=0", {"kernel_size": 0}, SHAPE, "kernel_size", "kernel_size=0"),
    ("kernel_size=-1", {"kernel_size": -1}, SHAPE, "kernel_size", "kernel_size=-1"),
    ("kernel_size=(3,3)", {"kernel_size": (3, 3)}, SHAPE, "kernel_size", "kernel_size=(3, 3)"),
    ("strides=0", {"strides": 0}, SHAPE, "strides", "strides=0"),
    ("strides=-1", {"strides": -1}, SHAPE, "strides", "strides=-1"),
    ("strides=(1,2)", {"strides": (1, 2)}, SHAPE, "strides", "strides=(1, 2)"),
    ("dilation_rate=0", {"dilation_rate": 0}, SHAPE, "dilation_rate", "dilation_rate=0"),
    ("dilation_rate=-2", {"dilation_rate": -2}, SHAPE, "dilation_rate", "dilation_rate=-2"),
    ("strides=2,dilation_rate=2", {"strides": 2, "dilation_rate": 2}, SHAPE, "strides", "strides="),
    (
        "depth_multiplier=0",
        {"depth_multiplier": 0},
        SHAPE,
        "depth_multiplier",
        "depth_multiplier=0",
    ),
    ("depth_multiplier=-1", {"depth_multiplier": -1}, SHAPE, "depth_multiplier", "=-1"),
    ("padding='full'", {"padding": "full"}, SHAPE, "padding", "padding='full'"),
    ("data_format='NWC'", {"data_format": "NWC"}, SHAPE, "data_format", "data_format='NWC'"),
    ("input rank 2", {}, (9, 4), "inputs", "(9, 4)"),
    ("input rank 4", {}, (2, 9, 4, 1), "inputs", "(2, 9, 4, 1)"),
    ("unknown channels", {}, (2, 9, None), "inputs", "(2, 9, None)"),
    ("too short for valid", {"kernel_size": 5}, (2, 3, 4), "inputs", "(2, 3, 4)"),
    ("too short dilated", {"dilation_rate": 4}, (2, 8, 4), "inputs", "(2, 8, 4)"),
    (
        "too short channels_first",
        {"kernel_size": 4, "data_format": "channels_first"},
        (2, 4, 3),
        "inputs",
        "(2, 4, 3)",
    ),
]
IDS = [row[0] for row in INVALID]

_REFERENCE_SCRIPT = """
import json
import numpy as np
import tensorflow as tf

ROWS = json.loads(ROWS_JSON)


def message(error):
    # An op error's message repeats the Python traceback; keep the kernel's own words.
    lines = getattr(error, "message", str(error)).splitlines()
    skip = ("Graph execution error", "Detected at node", "Node:")
    kept = [l for l in lines if l.strip() and not l[0].isspace() and not l.startswith(skip)]
    return " ".join(kept)


outcomes = {}
for row_id, kwargs, shape in ROWS:
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    stage = "construct"
    graph = tf.Graph()
    try:
        with graph.as_default():
            layer = tf.compat.v1.layers.SeparableConv1D(**kwargs)
            stage = "call"
            x = tf.compat.v1.placeholder(tf.float32, shape)
            y = layer(x)
            stage = "session run"
            feed = np.zeros([5 if d is None else d for d in shape], np.float32)
            with tf.compat.v1.Session(graph=graph) as session:
                session.run(tf.compat.v1.global_variables_initializer())
                session.run(y, {x: feed})
        outcomes[row_id] = {"raised": False}
    except Exception as error:
        outcomes[row_id] = {
            "raised": True,
            "stage": stage,
            "type": type(error).__name__,
            "message": message(error)[:400],
        }
save_json(outcomes)
"""


@pytest.fixture(scope="module")
def reference_outcomes() -> dict[str, dict]:
    rows = [(row_id, {**BASE, **kwargs}, list(shape)) for row_id, kwargs, shape, _, _ in INVALID]
    script = f"ROWS_JSON = {json.dumps(json.dumps(rows))}\n" + _REFERENCE_SCRIPT
    return run_reference(script).json


def test_table_has_at_least_15_rows() -> None:
    assert len(INVALID) >= 15
    assert len(set(IDS)) == len(IDS)


@pytest.mark.reference
def test_reference_outcomes_table(reference_outcomes: dict) -> None:
    # The recorded table (stage, exception type and message per row) is what README_golden
    # quotes; every row must be present.
    assert sorted(reference_outcomes) == sorted(IDS)
    for outcome in reference_outcomes.values():
        if outcome["raised"]:
            assert outcome["stage"] in {"construct", "call", "session run"}
            assert outcome["type"] and outcome["message"]


@pytest.mark.reference
@pytest.mark.parametrize(("row_id", "kwargs", "shape", "argument", "received"), INVALID, ids=IDS)
def test_reference_raises(row_id, kwargs, shape, argument, received, reference_outcomes) -> None:
    outcome = reference_outcomes[row_id]
    assert outcome["raised"], f"the legacy layer accepted {row_id}"


STAGES = ("construct", "call", "session run")


def _compat_failure(kwargs: dict, shape: tuple, eager: bool) -> tuple[str, ValueError]:
    """`(stage, error)` of compat_layers on one row; fails the test if nothing raises."""
    stage = "construct"
    try:
        layer = compat_layers.SeparableConv1D(**{**BASE, **kwargs})
        stage = "call"
        if eager:
            layer(tf.zeros(shape))
        else:
            layer(tf.compat.v1.placeholder(tf.float32, shape))
    except ValueError as error:
        return stage, error
    pytest.fail(f"compat_layers accepted {kwargs} with input shape {shape}")


@pytest.mark.reference
@pytest.mark.parametrize(("row_id", "kwargs", "shape", "argument", "received"), INVALID, ids=IDS)
def test_compat_raises_value_error_naming_argument(
    row_id, kwargs, shape, argument, received, reference_outcomes
) -> None:
    graph = tf.Graph()
    with graph.as_default():
        stage, error = _compat_failure(kwargs, shape, eager=False)
        # Raised before any variable exists: a failed call leaves no half-built layer.
        assert tf.compat.v1.global_variables() == []
    text = str(error)
    assert re.search(rf"Invalid value for arguments? `{argument}`", text), text
    assert received in text, text
    # Constructor arguments are checked by the constructor; never later than the reference.
    assert stage == ("call" if argument == "inputs" else "construct")
    assert STAGES.index(stage) <= STAGES.index(reference_outcomes[row_id]["stage"])


EAGER_ROWS = [row for row in INVALID if None not in row[2]]


@pytest.mark.parametrize(
    ("row_id", "kwargs", "shape", "argument", "received"),
    EAGER_ROWS,
    ids=[row[0] for row in EAGER_ROWS],
)
def test_compat_raises_the_same_error_eagerly(row_id, kwargs, shape, argument, received) -> None:
    _, error = _compat_failure(kwargs, shape, eager=True)
    text = str(error)
    assert re.search(rf"Invalid value for arguments? `{argument}`", text), text
    assert received in text, text
