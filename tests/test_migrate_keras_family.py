"""`--target keras` for Dense and the convolutions (the `keras_layers` tables).

* Before/after and no-op tables pin the rewrite of single calls.
* Every keyword the rewrite emits (here and in the golden `kt_*` cases) is a parameter
  of the real Keras 3 class.
* Equivalence: the builders below run with TensorFlow's legacy layers in ONE reference
  subprocess (graph mode, TF_USE_LEGACY_KERAS=1) with random weights; their migrated
  source runs here on Keras 3 with the same weights, copied per layer in creation order
  and matched by their last name (`kernel`, `bias`, `depthwise_kernel`, ...). Outputs and
  regularization losses agree within the float32 golden tolerance; the numbers of
  trainable weights are equal.
* A hypothesis property draws random v1 Dense / convolution calls: each migrated call is
  refused (left unchanged, with TF1M182) or computes what the v1 call computed. The
  examples are drawn first and checked in the same reference process.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

import compat_layers
from golden.reference import run_reference
from golden.tolerances import assert_close, max_diff
from migrate import migrate_source
from migrate.codemod.diagnostics import NOTES
from migrate.codemod.layers.keras_layers import SPECS
from tests._oracle import WeightCopier, layer_parameters

HEADER = "import tensorflow.compat.v1 as tf\n"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "codemod"

# (v1 expression in `head(x)`, expected Keras 3 expression).
REWRITES = [
    ("tf.layers.dense(x, 8)", "keras.layers.Dense(8)(x)"),
    (
        "tf.layers.dense(inputs=x, units=3, use_bias=False)",
        "keras.layers.Dense(units=3, use_bias=False)(x)",
    ),
    ("tf.layers.Dense(4, tf.nn.relu)(x)", "keras.layers.Dense(4, activation=tf.nn.relu)(x)"),
    (
        "tf.layers.dense(x, 2, kernel_regularizer=tf.contrib.layers.l2_regularizer(0.5))",
        "keras.layers.Dense(2, kernel_regularizer=keras.regularizers.L2(0.25))(x)",
    ),
    (
        "tf.layers.dense(x, 2, kernel_initializer=tf.random_uniform_initializer())",
        "keras.layers.Dense(2, kernel_initializer=keras.initializers.RandomUniform("
        "minval=0.0, maxval=1.0))(x)",
    ),
    ("tf.layers.conv1d(x, 4, 3)", 'keras.layers.Conv1D(4, 3, data_format="channels_last")(x)'),
    (
        'tf.layers.conv2d(x, 4, 3, 2, "SAME")',
        'keras.layers.Conv2D(4, 3, strides=2, padding="same", data_format="channels_last")(x)',
    ),
    (
        'tf.layers.conv3d(x, 4, 3, padding="valid", data_format="channels_last")',
        'keras.layers.Conv3D(4, 3, data_format="channels_last")(x)',
    ),
    (
        "tf.layers.conv2d(x, 4, 3, dilation_rate=[1, 1], strides=(2, 1))",
        'keras.layers.Conv2D(4, 3, strides=(2, 1), data_format="channels_last")(x)',
    ),
    (
        "tf.layers.Conv2DTranspose(4, 3, name='up')(x)",
        "keras.layers.Conv2DTranspose(4, 3, name='up', data_format='channels_last')(x)",
    ),
    (
        "tf.layers.conv3d_transpose(x, 4, 2, strides=2)",
        'keras.layers.Conv3DTranspose(4, 2, strides=2, data_format="channels_last")(x)',
    ),
    (
        "tf.layers.separable_conv2d(x, 4, 3, depth_multiplier=1, bias_constraint=None)",
        'keras.layers.SeparableConv2D(4, 3, data_format="channels_last")(x)',
    ),
    (
        'tf.layers.conv2d(x, 4, 3, use_bias=False, data_format="a" if x else "channels_first")',
        'keras.layers.Conv2D(4, 3, use_bias=False, data_format="a" if x else "channels_first")(x)',
    ),
    (
        "tf.layers.max_pooling2d(x, 2, 2, 'SAME')",
        "keras.layers.MaxPooling2D(2, 2, padding='same', data_format='channels_last')(x)",
    ),
    (
        "tf.layers.average_pooling1d(x, 2, 1, padding=extra + 'ID')",
        "keras.layers.AveragePooling1D(2, 1, padding=(extra + 'ID').lower(), "
        "data_format='channels_last')(x)",
    ),
    (
        "tf.layers.flatten(x, None, 'channels_first')",
        "keras.layers.Flatten(data_format='channels_first')(x)",
    ),
    ("tf.layers.dropout(x, 0.2)", "keras.layers.Dropout(0.2)(x, training=False)"),
    (
        "tf.layers.Flatten('channels_last', name='f')(x)",
        "keras.layers.Flatten(data_format='channels_last', name='f')(x)",
    ),
    (
        "tf.layers.batch_normalization(x, 1, 0.99, 0.01, True, False, training=True, fused=False)",
        "keras.layers.BatchNormalization(axis=1, momentum=0.99, epsilon=0.01, scale=False)"
        "(x, training=True)",
    ),
    (
        "tf.layers.batch_normalization(x, gamma_initializer=None, renorm=False, fused=None)",
        "keras.layers.BatchNormalization(gamma_initializer=None)(x, training=False)",
    ),
    (
        "tf.layers.dropout(x, training=True, seed=None)",
        "keras.layers.Dropout(rate=0.5)(x, training=True)",
    ),
]
# v1 expressions the Keras target leaves exactly as they are, with the codes it reports.
NOOPS = [
    ("tf.keras.layers.Dense(4)(x)", []),
    ("dense(x, 4)", []),
    ("tf.layers.dense(x, 4, reuse=tf.AUTO_REUSE)", ["TF1M101-reuse", "TF1M182-kept-legacy-call"]),
    ("tf.layers.dense(x, 4, *extra)", ["TF1M103-splat", "TF1M182-kept-legacy-call"]),
    ("tf.layers.Dense(4, _scope='s')(x)", ["TF1M107-private-argument", "TF1M182-kept-legacy-call"]),
    ("tf.layers.conv2d(x)", ["TF1M108-bad-arguments", "TF1M182-kept-legacy-call"]),
    (
        "tf.layers.conv2d(x, 4, 3, kernel_initializer=make_init())",
        ["TF1M110-unknown-initializer", "TF1M182-kept-legacy-call"],
    ),
    ("tf.nn.rnn_cell.GRUCell(4)", ["TF1M180-compat-target-only"]),
    (
        "tf.layers.conv2d(x, 4, 3, data_format='channels_first')",
        ["TF1M182-kept-legacy-call", "TF1M188-channels-first-bias"],
    ),
    (
        "tf.layers.Conv2DTranspose(4, 3, data_format=extra)(x)",
        ["TF1M125-runtime-data-format", "TF1M182-kept-legacy-call"],
    ),
    (
        "tf.layers.batch_normalization(x, training=extra)",
        ["TF1M182-kept-legacy-call", "TF1M183-training-tensor"],
    ),
    (
        "tf.layers.batch_normalization(x, fused=extra, adjustment=lambda s: s)",
        ["TF1M182-kept-legacy-call", "TF1M185-batch-norm-argument", "TF1M185-batch-norm-argument"],
    ),
    (
        "tf.layers.batch_normalization(x, trainable=extra, training=True, fused=False)",
        ["TF1M182-kept-legacy-call", "TF1M187-frozen-batch-norm-training"],
    ),
    ("tf.layers.max_pooling2d(x, 2)", ["TF1M108-bad-arguments", "TF1M182-kept-legacy-call"]),
    (
        "tf.layers.dropout(x, training=extra)",
        ["TF1M182-kept-legacy-call", "TF1M183-training-tensor"],
    ),
    (
        "tf.layers.Dropout(0.1)(x)",
        ["TF1M182-kept-legacy-call", "TF1M184-class-form-call-sites"],
    ),
    ("list(map(tf.layers.dense, [x], [4]))", ["TF1M180-compat-target-only"]),
]


def _head(expression: str) -> str:
    own = "def dense(x, n):\n    return x\n"
    return f"{HEADER}\n\n{own}\n\ndef head(x, extra):\n    return {expression}\n"


@pytest.mark.parametrize(("before", "after"), REWRITES, ids=[b for b, _ in REWRITES])
def test_rewrite_table(before: str, after: str) -> None:
    result = migrate_source(_head(before))
    assert f"    return {after}\n" in result.code
    assert "from tensorflow import keras\n" in result.code
    assert not [d for d in result.diagnostics if d.code not in NOTES]
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize(("before", "codes"), NOOPS, ids=[b for b, _ in NOOPS])
def test_noop_table(before: str, codes: list[str]) -> None:
    source = _head(before)
    result = migrate_source(source)
    assert result.code == source
    assert [d.code for d in result.diagnostics] == codes


def test_keras3_pooling_rejects_uppercase_padding_symbolically() -> None:
    """Why pooling padding is lower-cased: Keras 3 computes 'SAME' eagerly but raises in
    `compute_output_shape` (functional models, symbolic inputs)."""
    layer = keras.layers.MaxPooling2D(2, 2, padding="SAME")
    assert tuple(layer(np.ones((1, 5, 5, 1), np.float32)).shape) == (1, 3, 3, 1)
    with pytest.raises(ValueError, match="padding"):
        layer.compute_output_shape((1, 5, 5, 1))


def test_inference_batch_norm_runs_in_a_session_as_v1() -> None:
    """Why TF1M186 spares `training=False`: v1 adds no update ops then (checked in the
    oracle by test_normalization_graph), and the migrated Keras 3 layer builds and runs in
    a TF1 `Session` graph, its variables in the collections a TF1 training loop reads,
    normalizing with the moving statistics (NumPy: x / sqrt(1 + epsilon) at initial values)."""
    case = Path(__file__).parent.parent / "golden" / "codemod" / "kt_batch_norm_session_inference"
    before = (case / "before.py").read_text(encoding="utf-8")
    result = migrate_source(before)
    assert result.code == (case / "after.py").read_text(encoding="utf-8")
    x = np.random.default_rng(3).normal(size=(5, 4)).astype(np.float32)
    namespace: dict = {}
    with tf.Graph().as_default() as graph:
        exec(compile(result.code, str(case / "after.py"), "exec"), namespace)
        out = namespace["run"](x)
        trainable = graph.get_collection(tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES)
        updates = graph.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
    assert_close(out, x / np.sqrt(1.0 + 1e-3), "float32", what="session", family="codemod-keras")
    assert sorted(v.name.split("/")[-1] for v in trainable) == ["beta:0", "gamma:0"]
    assert updates == []


@pytest.mark.parametrize("name", sorted(SPECS))
def test_table_signatures_are_the_v1_signatures(name: str) -> None:
    """Each table's v1 parameter order is the legacy layer's (as `compat_layers` has it:
    tests/test_signatures.py pins those to TensorFlow's own legacy signatures): a wrong
    order would bind positional arguments to the wrong parameters."""
    spec = SPECS[name]
    if name[0].isupper():  # the class: its own parameters, `**kwargs` aside
        params = inspect.signature(getattr(compat_layers, name)).parameters.values()
        expected = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert list(spec.class_params) == expected[: len(spec.class_params)], name
    else:
        expected = list(inspect.signature(getattr(compat_layers, name)).parameters)
        assert list(spec.function_params) == expected, name


def _emitted_keywords(code: str) -> list[tuple[str, str]]:
    """(Keras class, keyword) of every `keras.layers.X(..., k=...)` call in `code`."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = ast.unparse(node.func)
            if func.startswith(("keras.layers.", "tf.keras.layers.")):
                found += [(node.func.attr, k.arg) for k in node.keywords if k.arg]
    return found


def test_every_emitted_keyword_is_a_keras3_parameter() -> None:
    sources = [migrate_source(_head(before)).code for before, _ in REWRITES]
    sources += [(case / "after.py").read_text() for case in sorted(GOLDEN.glob("kt_*"))]
    sources += [migrate_source(textwrap.dedent(src)).code for src, _ in BUILDERS.values()]
    checked = 0
    for code in sources:
        for cls, keyword in _emitted_keywords(code):
            # Keras 3 layers take `name`/`trainable`/`dtype` through `Layer.__init__`.
            assert keyword in layer_parameters(getattr(keras.layers, cls)), (cls, keyword)
            checked += 1
    assert checked > 60


# name -> (builder source defining `build(x)`, input shape)
BUILDERS: dict[str, tuple[str, tuple[int, ...]]] = {
    "dense_l2_l1": (
        """
        def build(x):
            h = tf.layers.dense(
                x, 8, tf.nn.relu, name="fc1",
                kernel_regularizer=tf.contrib.layers.l2_regularizer(0.02),
                bias_regularizer=tf.contrib.layers.l1_regularizer(0.01))
            return tf.layers.dense(h, 3)
        """,
        (4, 5),
    ),
    "dense_class_apply_rank3": (
        """
        def build(x):
            layer = tf.layers.Dense(6, activation=tf.nn.tanh, use_bias=False)
            return layer.apply(layer.apply(x)[..., :5])
        """,
        (2, 3, 5),
    ),
    "dense_scoped_names": (
        """
        def build(x):
            with tf.variable_scope("enc"):
                return tf.layers.dense(x, 4, name="proj/out", trainable=False)
        """,
        (3, 2),
    ),
    "conv1d_causal_dilated": (
        "def build(x):\n    return tf.layers.conv1d(x, 4, 3, padding='causal', dilation_rate=2)\n",
        (2, 10, 3),
    ),
    "conv1d_same_strided": (
        "def build(x):\n    return tf.layers.Conv1D(5, 4, 2, 'SAME')(x)\n",
        (2, 11, 3),
    ),
    "conv2d_same_l2": (
        """
        def build(x):
            return tf.layers.conv2d(
                x, 6, 3, strides=2, padding="same", activation=tf.nn.relu,
                kernel_regularizer=tf.contrib.layers.l2_regularizer(0.05))
        """,
        (2, 9, 9, 3),
    ),
    "conv2d_class_dilated": (
        "def build(x):\n    return tf.layers.Conv2D(4, (3, 2), dilation_rate=(2, 1))(x)\n",
        (2, 8, 7, 2),
    ),
    "conv3d_same": (
        "def build(x):\n    return tf.layers.conv3d(x, 3, 2, strides=(1, 2, 1), padding='same')\n",
        (1, 5, 6, 4, 2),
    ),
    "conv2d_transpose_same": (
        "def build(x):\n    return tf.layers.conv2d_transpose(x, 4, 3, strides=2, padding='same')",
        (2, 5, 4, 3),
    ),
    "conv2d_transpose_valid_class": (
        "def build(x):\n    return tf.layers.Conv2DTranspose(3, (3, 2), strides=(2, 3)).apply(x)\n",
        (2, 4, 3, 2),
    ),
    "conv3d_transpose": (
        "def build(x):\n    return tf.layers.conv3d_transpose(x, 2, 2, strides=2, padding='SAME')",
        (1, 3, 3, 2, 2),
    ),
    "separable_conv2d_regularized": (
        """
        def build(x):
            return tf.layers.separable_conv2d(
                x, 5, 3, depth_multiplier=2, padding="same",
                pointwise_regularizer=tf.contrib.layers.l2_regularizer(0.1),
                depthwise_regularizer=tf.contrib.layers.l1_regularizer(0.01))
        """,
        (2, 7, 6, 3),
    ),
    "separable_conv2d_class_strided": (
        """
        def build(x):
            return tf.layers.SeparableConv2D(4, 3, strides=2, activation=tf.nn.relu)(x)
        """,
        (2, 8, 8, 2),
    ),
    "max_pooling2d_uppercase_same": (
        "def build(x):\n    return tf.layers.max_pooling2d(x, 3, 2, padding='SAME')\n",
        (2, 7, 6, 3),
    ),
    "average_pooling2d_same_edges": (
        "def build(x):\n    return tf.layers.AveragePooling2D(3, 1, 'same').apply(x)\n",
        (2, 5, 4, 2),
    ),
    "average_pooling1d_valid": (
        "def build(x):\n    return tf.layers.average_pooling1d(x, 3, 2)\n",
        (2, 9, 3),
    ),
    "max_pooling3d": (
        "def build(x):\n    return tf.layers.max_pooling3d(x, 2, (1, 2, 2), 'Same')\n",
        (1, 4, 5, 4, 2),
    ),
    "flatten_channels_last_dense": (
        "def build(x):\n    return tf.layers.dense(tf.layers.flatten(x), 3, name='logits')\n",
        (2, 3, 4, 5),
    ),
    "flatten_channels_first": (
        """
        def build(x):
            return tf.layers.Flatten(data_format="channels_first")(x)
        """,
        (2, 3, 4, 5),
    ),
    "dropout_inference": (
        "def build(x):\n"
        "    return tf.layers.dropout(x, 0.4) + tf.layers.dropout(x, training=False)\n",
        (3, 4),
    ),
    "dropout_training": (
        "def build(x):\n    return tf.layers.dropout(x, rate=0.4, training=True)\n",
        (40, 100),
    ),
    "batch_norm_inference_4d": (
        "def build(x):\n    return tf.layers.batch_normalization(x)\n",
        (2, 4, 4, 3),
    ),
    # v1's fused kernel on CPU takes a tiny epsilon as given (not raised to 1.001e-5): with
    # the moving variances drawn here (0.1 and up) a raised epsilon would move the outputs
    # by up to 5e-5 relative, far outside the tolerance.
    "batch_norm_fused_tiny_epsilon": (
        "def build(x):\n    return tf.layers.batch_normalization(x, epsilon=1e-8, fused=True)\n",
        (2, 3, 3, 2),
    ),
    "batch_norm_training_unfused": (
        """
        def build(x):
            return tf.layers.batch_normalization(
                x, -1, 0.9, 1e-5, training=True, fused=False, name="bn1")
        """,
        (3, 4, 5, 2),
    ),
    "batch_norm_training_axis1_regularized": (
        """
        def build(x):
            return tf.layers.batch_normalization(
                x, axis=1, scale=False, training=True, fused=False,
                beta_regularizer=tf.contrib.layers.l2_regularizer(0.3))
        """,
        (4, 3, 5),
    ),
    "batch_norm_frozen_inference": (
        """
        def build(x):
            h = tf.layers.dense(x, 4)
            return tf.layers.batch_normalization(h, trainable=False, training=False)
        """,
        (5, 3),
    ),
}
# Random masks cannot match: these builders are compared by what dropout guarantees.
DROPOUT_TRAINING = {"dropout_training": 0.4}

_REFERENCE = r"""
import json
import types
import tensorflow.compat.v1 as tf

# tf.contrib.layers' regularizers, from their documented definitions.
tf.contrib = types.SimpleNamespace(layers=types.SimpleNamespace(
    l2_regularizer=lambda scale, scope=None: (lambda w: scale * tf.nn.l2_loss(w)),
    l1_regularizer=lambda scale, scope=None: (lambda w: scale * tf.reduce_sum(tf.abs(w))),
))
spec = json.loads(bytes(INPUTS["spec"]).decode())
report = {}
for name, source in spec.items():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, INPUTS["x_" + name].shape)
        namespace = {"tf": tf}
        exec(source, namespace)
        try:
            y = namespace["build"](x)
        except ValueError as error:  # e.g. reuse=True of a variable that does not exist
            report[name] = {"error": str(error)}
            continue
        variables = tf.global_variables()
        losses = tf.losses.get_regularization_losses()
        total = tf.add_n(losses) if losses else tf.constant(0.0)
        rng = np.random.default_rng(11)
        values = [rng.normal(0.0, 0.5, v.shape.as_list()).astype(np.float32) for v in variables]
        # A variance is positive.
        values = [
            np.abs(value) + 0.1 if "moving_variance" in v.name else value
            for v, value in zip(variables, values)
        ]
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for variable, value in zip(variables, values):
                variable.load(value, session)
            out, loss = session.run([y, total], {x: INPUTS["x_" + name]})
    save(**{name + "_out": out, name + "_loss": np.float32(loss)})
    save(**{f"{name}_w{i}": value for i, value in enumerate(values)})
    report[name] = {
        "variables": [v.name for v in variables],
        "trainable": len(graph.get_collection("trainable_variables")),
    }
save_json(report)
"""


def _random_calls() -> list[tuple[str, tuple[int, ...]]]:
    """Random v1 calls (hypothesis draws them; the reference checks them in one batch)."""
    drawn: list[tuple[str, tuple[int, ...]]] = []
    layers = {
        "dense": ((3, 4), False),
        "conv1d": ((2, 7, 3), True),
        "conv2d": ((2, 6, 5, 2), True),
        "conv2d_transpose": ((1, 4, 3, 2), True),
    }

    @settings(max_examples=15, deadline=None, derandomize=True, database=None)
    @given(
        layer=st.sampled_from(sorted(layers)),
        size=st.integers(1, 4),
        kernel=st.integers(1, 3),
        strides=st.integers(1, 2),
        padding=st.sampled_from(["same", "SAME", "valid", "Valid"]),
        activation=st.sampled_from([None, "tf.nn.relu"]),
        use_bias=st.booleans(),
        scale=st.sampled_from([None, 0.0, 0.3]),
        reuse=st.sampled_from([None, None, None, True]),
        positional=st.booleans(),
    )
    def draw(layer, size, kernel, strides, padding, activation, use_bias, scale, reuse, positional):
        shape, conv = layers[layer]
        args = ["x", str(size)]
        if conv:
            args.append(str(kernel))
            extra = [f"strides={strides}", f"padding={padding!r}"]
            args += [extra[0].split("=")[1], extra[1].split("=")[1]] if positional else extra
        args += [f"activation={activation}", f"use_bias={use_bias}"]
        if scale is not None:
            args.append(f"kernel_regularizer=tf.contrib.layers.l2_regularizer({scale})")
        if reuse is not None:
            args += ["name='shared'", f"reuse={reuse}"]
        source = f"def build(x):\n    return tf.layers.{layer}({', '.join(args)})\n"
        drawn.append((source, shape))

    draw()
    return drawn


RANDOM = {f"random_{i}": call for i, call in enumerate(_random_calls())}


@pytest.fixture(scope="module")
def reference():
    rng = np.random.default_rng(5)
    everything = {
        **{name: (HEADER + textwrap.dedent(src), shape) for name, (src, shape) in BUILDERS.items()},
        **{name: (HEADER + src, shape) for name, (src, shape) in RANDOM.items()},
    }
    inputs = {
        f"x_{name}": rng.normal(size=shape).astype(np.float32)
        for name, (_, shape) in everything.items()
    }
    spec = {name: src for name, (src, _) in everything.items()}
    inputs["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    return everything, inputs, run_reference(_REFERENCE, inputs=inputs)


def _check(reference, name: str) -> float:
    everything, inputs, result = reference
    source = everything[name][0]
    migrated = migrate_source(source)
    refusals = [d for d in migrated.diagnostics if d.code not in NOTES]
    if refusals:
        assert migrated.code == source
        assert "TF1M182-kept-legacy-call" in {d.code for d in refusals}
        return 0.0
    assert migrated.changed and "tf.layers" not in migrated.code
    expected = result.json[name]
    assert "error" not in expected, expected
    values = [result.arrays[f"{name}_w{i}"] for i in range(len(expected["variables"]))]
    with WeightCopier(expected["variables"], values) as copier:
        namespace: dict = {}
        exec(compile(migrated.code, f"<migrated {name}>", "exec"), namespace)
        out = np.asarray(namespace["build"](tf.constant(inputs[f"x_{name}"])))
    assert not copier.pending, "the migrated code created fewer weights"
    assert sum(len(layer.trainable_weights) for layer in copier.layers) == expected["trainable"]
    loss = np.float32(sum(float(v) for layer in copier.layers for v in layer.losses))
    want = result.arrays[f"{name}_out"]
    if name in DROPOUT_TRAINING:
        return _check_dropout(inputs[f"x_{name}"], out, want, DROPOUT_TRAINING[name])
    assert_close(out, want, "float32", what=name, family="codemod-keras")
    assert_close(loss, result.arrays[f"{name}_loss"], "float32", what=name, family="codemod-keras")
    for record in migrated.layers:  # the names recorded for checkpoints are TF1's scopes
        if record.v1_name is not None:
            scope = "/".join(filter(None, [record.v1_scope, record.v1_name]))
            assert any(v.startswith(scope + "/") for v in expected["variables"]), record
            assert record.keras_name in {layer.name for layer in copier.layers}
    return max_diff(out, want)


def _check_dropout(x: np.ndarray, out: np.ndarray, want: np.ndarray, rate: float) -> float:
    """Both drop about `rate` of the entries and scale the others by 1 / (1 - rate)."""
    diffs = []
    for y in (out, want):
        kept = y != 0
        assert abs(1.0 - kept.mean() - rate) < 0.05, kept.mean()
        scaled = x[kept] / (1.0 - rate)
        assert_close(y[kept], scaled, "float32", what="dropout", family="codemod-keras")
        diffs.append(max_diff(y[kept], scaled))
    return max(diffs)


@pytest.mark.reference
@pytest.mark.parametrize("name", list(BUILDERS))
def test_builder_equivalence(reference, name: str) -> None:
    diff = _check(reference, name)
    print(f"{name}: max |diff| = {diff:.3g}")


@pytest.mark.reference
def test_random_calls_equal_or_refused(reference) -> None:
    outcomes = [_check(reference, name) for name in RANDOM]
    assert len(outcomes) == 15
    rewritten = [n for n, (src, _) in RANDOM.items() if migrate_source(HEADER + src).changed]
    assert len(rewritten) >= 5  # the draw exercises the rewrite, not only refusals
