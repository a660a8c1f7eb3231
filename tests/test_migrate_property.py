"""Property: a random v1 call migrates to a numerically equal call, or is refused.

Hypothesis (derandomized, so every run draws the same calls) produces random
`tf.layers.separable_conv1d` / `tf.layers.SeparableConv1D` calls: random subsets of
the 23 arguments, some positional and the rest keywords in random order, with
values from the spellings real code uses. All originals run in ONE reference
subprocess with TensorFlow's legacy layers (graph mode); each migrated call then
runs here under Keras 3 with the same weights. The property:

* the original ran: the migration carries a refusal and left the code unchanged,
  or the migrated code gives the same output, regularization loss and number of
  trainable weights;
* the original raised: the migration refused it, or the migrated code raises too.
"""

from __future__ import annotations

import json
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golden.reference import run_reference
from golden.tolerances import assert_close
from migrate import migrate_source
from migrate.codemod.arguments import V1_FUNCTION_PARAMS
from migrate.codemod.diagnostics import NOTES

pytestmark = pytest.mark.reference

EXAMPLES = 70
INPUT_SHAPE = (2, 12, 3)

_INITIALIZERS = [
    "None",
    "tf.zeros_initializer()",
    "tf.ones_initializer()",
    "tf.glorot_uniform_initializer()",
    "tf.random_normal_initializer(stddev=0.1)",
    "'he_normal'",
    "tf.keras.initializers.Ones()",
    "tf.constant_initializer(0.5)",
    "tf.constant_initializer([1.0, 2.0])",
    "my_initializer",
]
_REGULARIZERS = [
    "None",
    "tf.contrib.layers.l2_regularizer(0.01)",
    "tf.contrib.layers.l1_regularizer(0.02)",
    "tf.contrib.layers.l1_l2_regularizer(0.01, 0.03)",
    "tf.keras.regularizers.l2(0.05)",
    "tf.nn.l2_loss",
    "my_regularizer",
]
_CONSTRAINTS = ["None", "tf.keras.constraints.NonNeg()", "lambda w: w"]
VALUES: dict[str, list[str]] = {
    "filters": ["1", "2", "4"],
    "kernel_size": ["1", "2", "3", "(3,)"],
    "strides": ["1", "2", "(1,)"],
    "padding": ['"valid"', '"same"', '"causal"', "'SAME'", "'VALID'", "'Causal'"],
    "data_format": ['"channels_last"', "'CHANNELS_LAST'"],
    "dilation_rate": ["1", "2", "(2,)"],
    "depth_multiplier": ["1", "2"],
    "activation": ["None", "tf.nn.relu", "'tanh'", "tf.sigmoid"],
    "use_bias": ["True", "False"],
    "depthwise_initializer": _INITIALIZERS,
    "pointwise_initializer": _INITIALIZERS,
    "bias_initializer": _INITIALIZERS,
    "depthwise_regularizer": _REGULARIZERS,
    "pointwise_regularizer": _REGULARIZERS,
    "bias_regularizer": _REGULARIZERS,
    "activity_regularizer": _REGULARIZERS,
    "depthwise_constraint": _CONSTRAINTS,
    "pointwise_constraint": _CONSTRAINTS,
    "bias_constraint": _CONSTRAINTS,
    "trainable": ["True", "False"],
    "name": ["None", "'sep'", "'outer/sep'"],
    "reuse": ["None", "False", "True", "tf.AUTO_REUSE"],
}
_OPTIONAL = V1_FUNCTION_PARAMS[3:]

_PRELUDE = """\
import tensorflow.compat.v1 as tf

my_regularizer = lambda w: 0.1 * tf.reduce_sum(w)
my_initializer = tf.ones_initializer()
"""


@st.composite
def v1_calls(draw) -> str:
    """Source of a module defining `build(x)` around one random v1 call."""
    function = draw(st.booleans())
    chosen = draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=12))
    params = V1_FUNCTION_PARAMS if function else V1_FUNCTION_PARAMS[1:22]
    chosen = [p for p in chosen if p in params]
    required = ["filters", "kernel_size"]
    values = {p: draw(st.sampled_from(VALUES[p])) for p in [*required, *chosen]}
    if function:
        values["inputs"] = "x"
    given_params = [p for p in params if p in values]
    # A positional prefix of the parameter order, then keywords in random order.
    prefix_len = 0
    while prefix_len < len(params) and params[prefix_len] in values:
        prefix_len += 1
    positional = draw(st.integers(0, prefix_len))
    keywords = draw(st.permutations([p for p in given_params if params.index(p) >= positional]))
    args = [values[p] for p in params[:positional]]
    args += [f"{p}={values[p]}" for p in keywords]
    call_args = ", ".join(args)
    if function:
        call = f"tf.layers.separable_conv1d({call_args})"
    else:
        method = draw(st.sampled_from(["", ".apply"]))
        call = f"tf.layers.SeparableConv1D({call_args}){method}(x)"
    return _PRELUDE + f"\n\ndef build(x):\n    return {call}\n"


def _collect() -> list[str]:
    examples: list[str] = []

    @settings(
        derandomize=True,
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(v1_calls())
    def collect(source: str) -> None:
        examples.append(source)

    collect()
    return list(dict.fromkeys(examples))


_REFERENCE = r"""
import json
import types
import tensorflow.compat.v1 as tf

tf.contrib = types.SimpleNamespace(layers=types.SimpleNamespace(
    l2_regularizer=lambda scale, scope=None: (lambda w: scale * tf.nn.l2_loss(w)),
    l1_regularizer=lambda scale, scope=None: (lambda w: scale * tf.reduce_sum(tf.abs(w))),
    l1_l2_regularizer=lambda scale_l1=1.0, scale_l2=1.0, scope=None: (
        lambda w: scale_l1 * tf.reduce_sum(tf.abs(w)) + scale_l2 * tf.nn.l2_loss(w)),
))
sources = json.loads(INPUTS["sources"].tobytes().decode())
report = []
for i, source in enumerate(sources):
    graph = tf.Graph()
    try:
        with graph.as_default():
            x = tf.placeholder(tf.float32, INPUTS["x"].shape)
            namespace = {}
            exec(source, namespace)
            y = namespace["build"](x)
            variables = tf.global_variables()
            losses = tf.losses.get_regularization_losses()
            total = tf.add_n(losses) if losses else tf.constant(0.0)
            rng = np.random.default_rng(i)
            values = [rng.normal(0.0, 0.5, v.shape.as_list()).astype(np.float32) for v in variables]
            with tf.Session() as session:
                session.run(tf.global_variables_initializer())
                for variable, value in zip(variables, values):
                    variable.load(value, session)
                out, loss = session.run([y, total], {x: INPUTS["x"]})
    except Exception as error:
        report.append({"error": type(error).__name__ + ": " + str(error)[:200]})
        continue
    save(**{f"out{i}": out, f"loss{i}": np.float32(loss)})
    save(**{f"w{i}_{j}": value for j, value in enumerate(values)})
    report.append({"weights": len(values),
                   "trainable": len(graph.get_collection("trainable_variables"))})
save_json(report)
"""


@pytest.fixture(scope="module")
def cases():
    sources = _collect()
    x = np.random.default_rng(5).normal(size=INPUT_SHAPE).astype(np.float32)
    inputs = {
        "x": x,
        "sources": np.frombuffer(json.dumps(sources).encode(), dtype=np.uint8),
    }
    result = run_reference(_REFERENCE, inputs=inputs)
    return sources, x, result


def _run_migrated(code: str, x: np.ndarray, weights: list[np.ndarray]):
    values = list(weights)
    layers: list[keras.layers.Layer] = []
    original = keras.layers.Layer.add_weight

    def add_weight(layer, *args, **kwargs):
        variable = original(layer, *args, **kwargs)
        variable.assign(values.pop(0))
        if layer not in layers:
            layers.append(layer)
        return variable

    keras.layers.Layer.add_weight = add_weight
    try:
        namespace: dict = {}
        exec(compile(code, "<migrated>", "exec"), namespace)
        out = namespace["build"](tf.constant(x))
    finally:
        keras.layers.Layer.add_weight = original
    assert not values, "the migrated code created fewer weights than the original"
    loss = sum(float(v) for layer in layers for v in layer.losses)
    trainable = sum(len(layer.trainable_weights) for layer in layers)
    return np.asarray(out), np.float32(loss), trainable


def test_random_v1_calls_migrate_equal_or_refused(cases) -> None:
    sources, x, result = cases
    assert len(sources) >= EXAMPLES // 2
    migrated_count = refused_count = 0
    for i, source in enumerate(sources):
        expected = result.json[i]
        migrated = migrate_source(source)
        refusals = [d for d in migrated.diagnostics if d.code not in NOTES]
        context = f"example {i}:\n{source}\nmigrated:\n{migrated.code}\n{expected}"
        if refusals:
            assert migrated.code == source, context
            refused_count += 1
            continue
        assert "tf.layers" not in migrated.code, context
        if "error" in expected:
            with pytest.raises(Exception):  # noqa: B017 - any error the original raised
                _run_migrated(migrated.code, x, [])
            continue
        weights = [result.arrays[f"w{i}_{j}"] for j in range(expected["weights"])]
        out, loss, trainable = _run_migrated(migrated.code, x, weights)
        assert trainable == expected["trainable"], context
        assert_close(out, result.arrays[f"out{i}"], "float32", what=context, family="codemod")
        assert_close(
            loss, result.arrays[f"loss{i}"], "float32", what=f"loss {context}", family="codemod"
        )
        migrated_count += 1
    # Both branches of the property must actually be exercised.
    assert migrated_count >= 10 and refused_count >= 5, (migrated_count, refused_count)


def test_examples_are_reproducible() -> None:
    assert _collect() == _collect()


def test_prelude_is_valid_python() -> None:
    compile(textwrap.dedent(_PRELUDE), "<prelude>", "exec")
