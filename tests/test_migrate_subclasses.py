"""`--target keras` on user subclasses of the legacy family (`migrate.codemod.subclasses`).

* Findings table: each v1-only use in a class body is reported on its own line, with its
  line number, in the class's one diagnostic (TF1M200 for layers, TF1M201 for cells); the
  class is left unchanged.
* Rewrite table: a `tf.layers.Layer` subclass is rebased on `keras.layers.Layer` (TF1M202)
  only when nothing in it differs; each blocker keeps it on its v1 base.
* Reference: the rewritable classes run with TensorFlow's legacy base in ONE reference
  process (graph mode, TF_USE_LEGACY_KERAS=1) and, rewritten, on Keras 3 here from the
  same weights: equal outputs, equal constant initial weights, equal weight counts.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from golden.reference import run_reference
from golden.tolerances import assert_close, max_diff
from migrate import migrate_source

HEADER = "import tensorflow.compat.v1 as tf\n\n\n"


def _migrate(body: str):
    source = HEADER + textwrap.dedent(body)
    return source, migrate_source(source)


# (class source after HEADER and a blank line: the `class` line is line 5; code; texts the
# message must contain)
FINDINGS = [
    pytest.param(
        """
        class A(tf.layers.Layer):
            def build(self, input_shape):
                self.w = self.add_weight("w", [input_shape[-1].value, 2])
        """,
        "TF1M200-layer-subclass",
        [
            "line 7: `add_weight(...)` passes arguments by position",
            "line 7: `input_shape[-1].value`",
        ],
        id="positional add_weight and Dimension.value",
    ),
    pytest.param(
        """
        class A(tf.layers.Layer):
            def call(self, inputs, training=False):
                self.add_update(tf.no_op())
                return tf.layers.dropout(inputs, training=training)
        """,
        "TF1M200-layer-subclass",
        ["line 6: `call(..., training=...)`", "line 7: update ops", "line 8: `tf.layers.dropout"],
        id="training, add_update, a layer made in call",
    ),
    pytest.param(
        """
        class A(tf.layers.Layer):
            def call(self, inputs):
                w = tf.get_variable("w", [2])
                tf.add_to_collection("c", w)
                return inputs * w + self.scope_name
        """,
        "TF1M200-layer-subclass",
        ["line 7: `get_variable`", "line 8: graph collections", "line 9: `self.scope_name`"],
        id="get_variable, collections, v1 attribute",
    ),
    pytest.param(
        """
        class A(tf.layers.Dense):
            def call(self, inputs):
                return self.apply(inputs)
        """,
        "TF1M200-layer-subclass",
        ["line 7: `.apply(...)`", "keras.layers.Dense"],
        id="subclass of a v1 layer",
    ),
    pytest.param(
        """
        class C(tf.nn.rnn_cell.RNNCell):
            def __call__(self, inputs, state, scope=None):
                return inputs, state
        """,
        "TF1M201-rnn-cell-subclass",
        ["call(self, inputs, states)", "line 6: `__call__(self, inputs, state, ...)`", "line 7"],
        id="cell protocol",
    ),
    pytest.param(
        """
        class C(tf.nn.rnn_cell.LSTMCell):
            def call(self, inputs, state):
                h = self.zero_state(2, tf.float32)
                return h, tf.nn.rnn_cell.LSTMStateTuple(h, h)
        """,
        "TF1M201-rnn-cell-subclass",
        ["line 7: `zero_state(...)`", "line 8: `LSTMStateTuple`", "line 8: `return h,", "LSTMCell"],
        id="cell state tuple and zero_state",
    ),
    pytest.param(
        """
        class A(tf.layers.Layer):
            def __init__(self, **kwargs):
                self.k = 2
                super().__init__(**kwargs)

            def call(self, inputs, mask=None):
                return inputs * self.k
        """,
        "TF1M200-layer-subclass",
        ["line 6: not proven", "line 10: not proven the same in Keras 3: `call` takes mask"],
        id="nothing v1-only: the blockers",
    ),
]


@pytest.mark.parametrize(("body", "code", "lines"), FINDINGS)
def test_findings_are_listed_with_their_lines(body: str, code: str, lines: list[str]) -> None:
    source, result = _migrate(body)
    assert result.code == source  # the class (and any family call in it) is kept
    (diagnostic,) = [d for d in result.diagnostics if d.code.startswith("TF1M20")]
    assert (diagnostic.code, diagnostic.line) == (code, 5)
    for line in lines:
        assert line in diagnostic.message, (line, diagnostic.message)


CLEAN = """
class Scale(tf.layers.Layer):
    def build(self, input_shape):
        self.g = self.add_weight(name="g", shape=[input_shape[-1]])

    def call(self, inputs):
        return inputs * self.g
"""
# A one-line change to CLEAN that keeps it on its v1 base.
BLOCKERS = [
    pytest.param(('name="g", shape', '"g", shape'), id="positional name"),
    pytest.param(("[input_shape[-1]]", "[input_shape[-1]], regularizer=tf.nn.l2_loss"), id="reg"),
    pytest.param(("[input_shape[-1]]", "[input_shape[-1]], initializer=make()"), id="initializer"),
    pytest.param(("call(self, inputs)", "call(self, inputs, training=None)"), id="training"),
    pytest.param(("inputs * self.g", "inputs * self.g\n\n    def extra(self):\n        pass"),
                 id="other method"),
    pytest.param(("class Scale(", "@register\nclass Scale("), id="decorated"),
    pytest.param(("inputs * self.g", "inputs * tf.get_variable('v', [])"), id="get_variable"),
    pytest.param(("return inputs", "self.g.assign_add(inputs[0])\n        return inputs"),
                 id="assignment"),
    pytest.param(("return inputs", "self.layers.append(1)\n        return inputs"),
                 id="other statement, no finding"),
    pytest.param(("return inputs * self.g", "return inputs * self.g\n\nScale().apply(1)"),
                 id="apply in module"),
]  # fmt: skip


def test_clean_subclass_is_rewritten() -> None:
    source, result = _migrate(CLEAN)
    assert "class Scale(keras.layers.Layer):" in result.code
    assert [d.code for d in result.diagnostics] == ["TF1M202-layer-subclass-rewritten"]
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize("change", BLOCKERS)
def test_any_difference_keeps_the_v1_base(change: tuple[str, str]) -> None:
    body = CLEAN.replace(*change)
    assert body != CLEAN
    source, result = _migrate(body)
    assert "class Scale(tf.layers.Layer):" in result.code
    assert "TF1M200-layer-subclass" in [d.code for d in result.diagnostics]


def test_compat_target_renames_the_base() -> None:
    source = HEADER + textwrap.dedent(CLEAN)
    result = migrate_source(source, target="compat")
    assert "class Scale(compat_layers.Layer):" in result.code
    assert not result.diagnostics


# name -> (source defining the class and `build(x)` returning `(layer, y)`, input shape)
REWRITABLE = {
    "affine": (
        (
            "golden/codemod/keras_subclass_rewritten_layer/before.py",
            "def build(x):\n    layer = Affine(4, name='affine')\n    return layer, layer(x)\n",
        ),
        (3, 5),
    ),
    "gain": (
        (
            None,
            '''
class Gain(tf.layers.Layer):
    """Per-channel gain plus the channel mean."""

    def build(self, input_shape):
        self.g = self.add_weight(
            name="g", shape=input_shape[-1:], initializer=tf.ones_initializer()
        )

    def call(self, inputs):
        return inputs * self.g + tf.reduce_mean(inputs, axis=-1, keepdims=True)


def build(x):
    layer = Gain()
    return layer, layer(x)
''',
        ),
        (2, 4, 3),
    ),
    "conv": (
        (
            None,
            """
class SameConv(tf.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(trainable=True, **kwargs)
        self.filters = filters

    def build(self, input_shape):
        self.k = self.add_weight(name="k", shape=(3, 3, input_shape[-1], self.filters))
        self.bias = self.add_weight(
            name="bias", shape=(self.filters,), initializer=tf.constant_initializer(0.25)
        )

    def call(self, inputs):
        return tf.nn.conv2d(inputs, self.k, strides=1, padding="SAME") + self.bias

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.filters,)


def build(x):
    layer = SameConv(2)
    return layer, layer(x)
""",
        ),
        (1, 5, 5, 2),
    ),
}


# How many weights of each class have a zeros/ones/constant initializer.
CONSTANT_WEIGHTS = {"affine": 2, "gain": 1, "conv": 1}


def _source(name: str) -> str:
    (path, text), _ = REWRITABLE[name]
    if path is None:
        return HEADER + text.lstrip("\n")
    return (Path(__file__).resolve().parent.parent / path).read_text() + "\n\n" + text


_REFERENCE = r"""
import json
import tensorflow.compat.v1 as tf

spec = json.loads(bytes(INPUTS["spec"]).decode())
rng = np.random.default_rng(4)
report = {}
for name, source in spec.items():
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, INPUTS["x_" + name].shape)
        namespace = {}
        exec(source, namespace)
        layer, y = namespace["build"](x)
        variables = layer.weights
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            initial = session.run(variables)
            values = [rng.normal(0.0, 0.5, v.shape.as_list()).astype(np.float32) for v in variables]
            for variable, value in zip(variables, values):
                variable.load(value, session)
            save(**{name: session.run(y, {x: INPUTS["x_" + name]})})
        save(**{f"{name}_w{i}": value for i, value in enumerate(values)})
        save(**{f"{name}_init{i}": value for i, value in enumerate(initial)})
        report[name] = {
            "weights": [v.name for v in variables],
            "trainable": len(layer.trainable_weights),
        }
save_json(report)
"""


@pytest.fixture(scope="module")
def reference():
    rng = np.random.default_rng(8)
    inputs = {
        f"x_{n}": rng.normal(size=shape).astype(np.float32) for n, (_, shape) in REWRITABLE.items()
    }
    spec = {name: _source(name) for name in REWRITABLE}
    inputs["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    return inputs, run_reference(_REFERENCE, inputs=inputs)


@pytest.mark.reference
@pytest.mark.parametrize("name", list(REWRITABLE))
def test_rewritten_subclass_computes_as_the_legacy_one(reference, name: str) -> None:
    inputs, result = reference
    migrated = migrate_source(_source(name))
    assert "TF1M202-layer-subclass-rewritten" in [d.code for d in migrated.diagnostics]
    namespace: dict = {}
    exec(compile(migrated.code, f"<migrated {name}>", "exec"), namespace)
    x = tf.constant(inputs[f"x_{name}"])
    layer, _ = namespace["build"](x)
    expected = result.json[name]
    assert [w.name for w in layer.weights] == [
        v.rsplit("/", 1)[1][:-2] for v in expected["weights"]
    ]
    assert len(layer.trainable_weights) == expected["trainable"]
    constant = 0
    for i, weight in enumerate(layer.weights):
        initial = result.arrays[f"{name}_init{i}"]
        if np.unique(initial).size == 1:  # zeros/ones/constant: the same initial values
            assert_close(weight, initial, "float32", what=weight.path, family="codemod-keras")
            constant += 1
        weight.assign(result.arrays[f"{name}_w{i}"])
    assert constant == CONSTANT_WEIGHTS[name]
    out = np.asarray(layer(x))
    want = result.arrays[name]
    print(f"{name}: max |diff| = {max_diff(out, want):.3g}")
    assert_close(out, want, "float32", what=name, family="codemod-keras")
