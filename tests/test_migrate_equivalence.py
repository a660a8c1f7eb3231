"""Migrated code computes what the TF1 code computed.

Realistic TF1 model builders run with TensorFlow's own legacy layers in ONE
reference subprocess (graph mode, TF_USE_LEGACY_KERAS=1); their migrated source runs
here under Keras 3 with the same weights assigned in creation order. Outputs and
regularization losses must agree within the float32 golden tolerance, and the
number of trainable weights must be equal. The same subprocess samples the v1
initializers so the mapped Keras initializers can be compared by distribution.

`tf.contrib` is gone from TensorFlow 2; the reference gives the builders a
`tf.contrib.layers` with the two regularizers they use, written from contrib's
documented definitions (l2: `scale * tf.nn.l2_loss(w)`, l1: `scale * sum(|w|)`).
"""

from __future__ import annotations

import json
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from golden.reference import run_reference
from golden.tolerances import assert_close
from migrate import migrate_source

pytestmark = pytest.mark.reference

# name -> (builder source defining `build(x)`, input shape)
BUILDERS: dict[str, tuple[str, tuple[int, ...]]] = {
    "two_layer_stack": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            h = tf.layers.separable_conv1d(x, 8, 3, padding="same", activation=tf.nn.relu)
            return tf.layers.separable_conv1d(h, 4, 3, strides=2)
        """,
        (2, 16, 3),
    ),
    "encoder_scopes_l2": (
        """
        import tensorflow.compat.v1 as tf

        WEIGHT_DECAY = 1e-3

        def block(x, filters, name):
            with tf.variable_scope(name):
                x = tf.layers.separable_conv1d(
                    x,
                    filters,
                    3,
                    padding="SAME",  # TF1 code often wrote it in capitals
                    depthwise_regularizer=tf.contrib.layers.l2_regularizer(WEIGHT_DECAY),
                    pointwise_regularizer=tf.contrib.layers.l2_regularizer(0.01),
                    name="conv",
                )
                return tf.nn.relu(x)

        def build(x):
            with tf.variable_scope("encoder"):
                x = block(x, 8, "block1")
                x = block(x, 8, "block2")
            return x
        """,
        (3, 12, 4),
    ),
    "dilated_depth_multiplier": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            x = tf.layers.separable_conv1d(x, 6, 3, dilation_rate=2, depth_multiplier=3,
                                           padding="valid", bias_initializer=tf.ones_initializer())
            return tf.layers.separable_conv1d(x, 2, 1, use_bias=False)
        """,
        (2, 20, 2),
    ),
    "keras_regularizers_and_l2_loss": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            y = tf.layers.separable_conv1d(x, 5, 3, padding="same",
                                           depthwise_regularizer=tf.keras.regularizers.l2(0.01),
                                           pointwise_regularizer=tf.nn.l2_loss)
            return tf.layers.separable_conv1d(y, 3, 2, 2, "valid", "channels_last")
        """,
        (2, 10, 4),
    ),
    "causal_tcn": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            for i, rate in enumerate((1, 2, 4)):
                x = tf.layers.separable_conv1d(x, 6, 3, padding="causal", dilation_rate=rate,
                                               activation=tf.nn.tanh, name="tcn%d" % i)
            return x
        """,
        (2, 18, 3),
    ),
    "class_layer_shared_and_apply": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            conv = tf.layers.SeparableConv1D(4, 3, padding="same", name="shared")
            a = conv(x)
            b = conv.apply(x * 2.0)
            head = tf.layers.SeparableConv1D(filters=2, kernel_size=1)
            return head.apply(a + b)
        """,
        (2, 9, 4),
    ),
    "activity_regularizer": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            y = tf.layers.separable_conv1d(
                x, 4, 3, activity_regularizer=tf.contrib.layers.l1_regularizer(0.01)
            )
            return tf.layers.separable_conv1d(
                y, 3, 3, padding="same", activity_regularizer=tf.keras.regularizers.l2(0.02)
            )
        """,
        (5, 10, 3),
    ),
    "frozen_layer_and_bias_regularizer": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            x = tf.layers.separable_conv1d(x, 4, 3, trainable=False, name="frozen")
            return tf.layers.separable_conv1d(
                x, 4, 3, bias_regularizer=tf.contrib.layers.l2_regularizer(0.5),
                bias_constraint=tf.keras.constraints.NonNeg())
        """,
        (2, 11, 3),
    ),
    "slash_name_nested_one_line": (
        """
        import tensorflow.compat.v1 as tf
        from tensorflow.compat.v1 import layers as L

        def build(x):
            return tf.nn.relu(L.separable_conv1d(L.separable_conv1d(x, 4, 3, name="a/b"), 2, 3, 3))
        """,
        (2, 21, 2),
    ),
    "tab_indented_initializers": (
        "import tensorflow.compat.v1 as tf\n\n"
        "def build(x):\n"
        "\twith tf.variable_scope('net'):\n"
        "\t\tx = tf.layers.separable_conv1d(x, 4, 3,\n"
        "\t\t\tdepthwise_initializer=tf.truncated_normal_initializer(stddev=0.02),\n"
        "\t\t\tpointwise_initializer=tf.glorot_normal_initializer(),\n"
        "\t\t\tbias_initializer=tf.constant_initializer(0.1))\n"
        "\treturn x\n",
        (2, 8, 3),
    ),
    "keras2_causal_in_graph": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            layer = tf.keras.layers.SeparableConv1D(5, 4, padding="causal", dilation_rate=2,
                                                    kernel_initializer="he_normal")
            return layer(x)
        """,
        (2, 15, 3),
    ),
    "mixed_positional_keyword_all_args": (
        """
        import tensorflow.compat.v1 as tf

        def build(x):
            return tf.layers.separable_conv1d(
                x, 6, 3, 1, "same", "channels_last", 1, 2, tf.nn.sigmoid, True,
                None, tf.random_normal_initializer(), tf.zeros_initializer(),
                tf.contrib.layers.l1_regularizer(0.001), None,
                tf.contrib.layers.l2_regularizer(0.2), None, None, None, None, True, "all", None)
        """,
        (3, 7, 2),
    ),
}

# v1 initializer expressions and the shape to sample them at.
INITIALIZERS = [
    "tf.random_normal_initializer()",
    "tf.random_uniform_initializer()",
    "tf.truncated_normal_initializer(stddev=0.02)",
    "tf.random_uniform_initializer(-0.3, 0.1)",
    "tf.glorot_uniform_initializer()",
    "tf.glorot_normal_initializer()",
    "tf.variance_scaling_initializer(2.0, 'fan_out', 'normal')",
    "tf.variance_scaling_initializer(distribution='uniform')",
    "tf.initializers.he_normal()",
    "tf.initializers.lecun_uniform()",
    "tf.orthogonal_initializer(gain=2.0)",
    "tf.constant_initializer(0.25)",
    "tf.ones_initializer()",
]
INIT_SHAPE = (5, 32, 64)

_REFERENCE = r"""
import json
import types
import tensorflow.compat.v1 as tf

# tf.contrib.layers' regularizers, from their documented definitions.
tf.contrib = types.SimpleNamespace(layers=types.SimpleNamespace(
    l2_regularizer=lambda scale, scope=None: (lambda w: scale * tf.nn.l2_loss(w)),
    l1_regularizer=lambda scale, scope=None: (lambda w: scale * tf.reduce_sum(tf.abs(w))),
))
spec = json.loads(INPUTS["spec"].tobytes().decode())
report = {}
for name, source in spec["builders"].items():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, INPUTS["x_" + name].shape)
        namespace = {}
        exec(source, namespace)
        y = namespace["build"](x)
        variables = tf.global_variables()
        losses = tf.losses.get_regularization_losses()
        total = tf.add_n(losses) if losses else tf.constant(0.0)
        rng = np.random.default_rng(7)
        values = [rng.normal(0.0, 0.5, v.shape.as_list()).astype(np.float32) for v in variables]
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable, value in zip(variables, values):
                variable.load(value, session)
            out, loss = session.run([y, total], {x: INPUTS["x_" + name]})
    save(**{f"{name}_out": out, f"{name}_loss": np.float32(loss)})
    save(**{f"{name}_w{i}": value for i, value in enumerate(values)})
    report[name] = {
        "weights": len(values),
        "trainable": len(graph.get_collection("trainable_variables")),
        "losses": len(losses),
    }
for i, expression in enumerate(spec["initializers"]):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        v = tf.get_variable("w", shape=spec["init_shape"], initializer=eval(expression))
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            save(**{f"init{i}": session.run(v)})
save_json(report)
"""


@pytest.fixture(scope="module")
def reference():
    rng = np.random.default_rng(3)
    inputs = {
        f"x_{name}": rng.normal(size=shape).astype(np.float32)
        for name, (_, shape) in BUILDERS.items()
    }
    spec = {
        "builders": {name: textwrap.dedent(src) for name, (src, _) in BUILDERS.items()},
        "initializers": INITIALIZERS,
        "init_shape": list(INIT_SHAPE),
    }
    inputs["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    result = run_reference(_REFERENCE, inputs=inputs)
    return inputs, result


class _WeightFeeder:
    """Assigns the reference weights to Keras variables in creation order."""

    def __init__(self, values: list[np.ndarray]) -> None:
        self.values = list(values)
        self.layers: list[keras.layers.Layer] = []
        self.original = keras.layers.Layer.add_weight

    def __enter__(self) -> _WeightFeeder:
        feeder = self

        def add_weight(layer, *args, **kwargs):
            variable = feeder.original(layer, *args, **kwargs)
            value = feeder.values.pop(0)
            assert tuple(variable.shape) == value.shape, (variable.path, value.shape)
            variable.assign(value)
            if layer not in feeder.layers:
                feeder.layers.append(layer)
            return variable

        keras.layers.Layer.add_weight = add_weight
        return self

    def __exit__(self, *exc) -> None:
        keras.layers.Layer.add_weight = self.original


@pytest.mark.parametrize("name", list(BUILDERS))
def test_builder_equivalence(reference, name: str) -> None:
    inputs, result = reference
    source = textwrap.dedent(BUILDERS[name][0])
    migrated = migrate_source(source)
    assert migrated.changed
    refusals = [d for d in migrated.diagnostics if d.code not in _NOTES]
    assert not refusals, refusals
    assert "tf.layers" not in migrated.code

    expected = result.json[name]
    weights = [result.arrays[f"{name}_w{i}"] for i in range(expected["weights"])]
    with _WeightFeeder(weights) as feeder:
        namespace: dict = {}
        exec(compile(migrated.code, f"<migrated {name}>", "exec"), namespace)
        out = namespace["build"](tf.constant(inputs[f"x_{name}"]))
    assert not feeder.values, "the migrated code created fewer weights"
    trainable = sum(len(layer.trainable_weights) for layer in feeder.layers)
    assert trainable == expected["trainable"]
    loss = sum(float(value) for layer in feeder.layers for value in layer.losses)
    assert_close(
        np.asarray(out), result.arrays[f"{name}_out"], "float32", what=name, family="codemod"
    )
    assert_close(
        np.float32(loss),
        result.arrays[f"{name}_loss"],
        "float32",
        what=f"{name} loss",
        family="codemod",
    )


_NOTES = {"TF1M150-name-sanitised", "TF1M123-causal-sequential", "TF1M140-ignored-argument"}


def test_activity_regularizer_divides_by_batch_size_like_v1(reference) -> None:
    """Keras 3 divides the activity loss by the batch size exactly as v1 did.

    With batch sizes 5 in the reference builder, a missing division would be off by 5x;
    here the ratio between a Keras 3 layer's activity loss and the plain regularizer
    value on its output is checked to be 1 / batch size as well.
    """
    _, result = reference
    assert result.json["activity_regularizer"]["losses"] == 2
    layer = keras.layers.SeparableConv1D(
        2, 3, activity_regularizer=keras.regularizers.L1(1.0), data_format="channels_last"
    )
    x = np.random.default_rng(0).normal(size=(5, 6, 3)).astype(np.float32)
    y = layer(x)
    (activity_loss,) = [v for v in layer.losses if v.shape == ()][-1:]
    np.testing.assert_allclose(float(activity_loss), float(np.abs(y).sum()) / 5, rtol=1e-5)


@pytest.mark.parametrize("index", range(len(INITIALIZERS)), ids=INITIALIZERS)
def test_initializer_distribution(reference, index: int) -> None:
    _, result = reference
    expression = INITIALIZERS[index]
    source = (
        "import tensorflow.compat.v1 as tf\n"
        f"layer = tf.layers.SeparableConv1D(64, 5, depthwise_initializer={expression})\n"
    )
    migrated = migrate_source(source)
    assert not migrated.diagnostics
    namespace: dict = {}
    exec(migrated.code, namespace)
    initializer = namespace["layer"].depthwise_initializer
    ours = np.asarray(initializer(INIT_SHAPE, dtype="float32"), dtype=np.float64)
    theirs = result.arrays[f"init{index}"].astype(np.float64)
    spread = max(theirs.std(), 1e-6)
    assert abs(ours.mean() - theirs.mean()) < 0.05 * spread + 1e-7
    assert ours.std() == pytest.approx(theirs.std(), rel=0.03, abs=1e-7)
    q99 = np.quantile(np.abs(theirs), 0.99)
    assert np.quantile(np.abs(ours), 0.99) == pytest.approx(q99, rel=0.05, abs=1e-7)
    if np.abs(theirs).max() < 3.5 * spread:  # bounded (uniform, truncated): same bound
        assert np.abs(ours).max() == pytest.approx(np.abs(theirs).max(), rel=0.05, abs=1e-7)


@pytest.mark.parametrize("name", ["two_layer_stack", "class_layer_shared_and_apply"])
def test_compat_target_runs_like_the_legacy_layer(reference, name: str) -> None:
    """--target compat keeps every argument; compat_layers reproduces the legacy graph."""
    inputs, result = reference
    migrated = migrate_source(textwrap.dedent(BUILDERS[name][0]), target="compat")
    assert not migrated.diagnostics
    assert "compat_layers." in migrated.code and "tf.layers" not in migrated.code
    expected = result.json[name]
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, inputs[f"x_{name}"].shape)
        namespace: dict = {}
        exec(compile(migrated.code, f"<compat {name}>", "exec"), namespace)
        y = namespace["build"](x)
        variables = tf.compat.v1.global_variables()
        assert len(variables) == expected["weights"]
        assert len(tf.compat.v1.trainable_variables()) == expected["trainable"]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for i, variable in enumerate(variables):
                variable.load(result.arrays[f"{name}_w{i}"], session)
            out = session.run(y, {x: inputs[f"x_{name}"]})
    assert_close(out, result.arrays[f"{name}_out"], "float32", what=name, family="codemod")
