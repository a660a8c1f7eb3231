"""Unnamed v1 layers load by the names the codemod recorded for them.

TF1 put an unnamed `tf.layers.dense(x, 3)` under the variable scope `dense`, the next
one under `dense_1`, ... counted per base name inside the enclosing `variable_scope`.
Under `--target keras` the codemod records that name for every rewritten unnamed layer
with weights (dense, convolutions, separable convolutions, batch normalization) and
names the Keras layer after it (`encoder/conv2d_1` -> `encoder_conv2d_1`).

One reference process (`TF_USE_LEGACY_KERAS=1`) builds each builder below with
TensorFlow's legacy layers in a v1 graph, gives every variable random values, writes a
`Saver` checkpoint and records the outputs. Here the codemod's Keras 3 form of the same
builder, on `keras.Input`, loads that checkpoint through `load_v1_checkpoint(...,
records=result)` and must reproduce the outputs; the same layers by creation order alone
(`implicit_order`) are ambiguous and load nothing.
"""

from __future__ import annotations

import ast
import json
import textwrap

import keras
import numpy as np
import pytest

from golden.reference import run_reference
from golden.tolerances import assert_close, max_diff
from migrate import migrate_source
from migrate.checkpoints import inspect_checkpoint, load_v1_checkpoint
from migrate.codemod.implicit_names import AUTO_NAME

HEADER = "import tensorflow.compat.v1 as tf\n\n\n"

# name -> (builder source defining `build(x)`, input shape)
BUILDERS: dict[str, tuple[str, tuple[int, ...]]] = {
    # Unnamed layers of four kinds in three scopes, nested ones too: `encoder/conv2d`,
    # `encoder/conv2d_1`, `decoder/conv2d`, `decoder/dense`, `decoder/head/dense`,
    # `decoder/dense_1`; a named layer between them takes no number.
    "scopes": (
        """
        def build(x):
            with tf.variable_scope("encoder"):
                h = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
                h = tf.layers.batch_normalization(h, training=False)
                h = tf.layers.conv2d(h, 4, 3, padding="same")
                h = tf.layers.batch_normalization(h, training=False)
                h = tf.layers.max_pooling2d(h, 2, 2)
            with tf.variable_scope("decoder"):
                h = tf.layers.conv2d(h, 4, 1)
                h = tf.layers.separable_conv2d(h, 4, 2, padding="same")
                h = tf.layers.flatten(h)
                h = tf.layers.dense(h, 6, activation=tf.nn.tanh)
                h = tf.layers.dense(h, 6, name="middle")
                with tf.variable_scope("head"):
                    h = tf.layers.dense(h, 6)
                h = tf.layers.Dense(6)(h)
                return tf.layers.dense(h, 3, name=None)
        """,
        (2, 6, 6, 3),
    ),
    # Nested calls: TF1 numbered the inner dense first (`tower/dense`), while the Keras
    # form constructs the outer layer first, so Keras's own names (`dense_7`, `dense_8`)
    # run in the other order and creation-order pairing swaps two same-shape kernels.
    "nested": (
        """
        def build(x):
            with tf.variable_scope("tower"):
                h = tf.layers.dense(tf.layers.dense(x, 5, activation=tf.nn.relu), 5)
                h = tf.layers.conv1d(h[:, :, None], 2, 2)
                h = tf.layers.conv2d_transpose(h[:, :, None, :], 3, 2, strides=2)
                return tf.layers.dense(tf.layers.flatten(h), 5)
        """,
        (3, 5),
    ),
}

_REFERENCE = r"""
import json
import os
import tensorflow.compat.v1 as tf

spec = json.loads(bytes(INPUTS["spec"]).decode())
rng = np.random.default_rng(3)
names = {}
for name, source in spec.items():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, INPUTS["x_" + name].shape)
        namespace = {}
        exec(source, namespace)
        y = namespace["build"](x)
        variables = tf.global_variables()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            for v in variables:
                value = rng.normal(0.0, 0.5, v.shape.as_list()).astype(np.float32)
                if "variance" in v.name:
                    value = np.abs(value) + 0.5
                v.load(value, session)
            tf.train.Saver().save(session, os.path.abspath(f"{name}/model.ckpt"))
            save(**{name: session.run(y, {x: INPUTS["x_" + name]})})
        names[name] = sorted(v.name for v in variables)
save_json(names)
"""


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    root = tmp_path_factory.mktemp("implicit")
    rng = np.random.default_rng(9)
    spec = {name: HEADER + textwrap.dedent(src) for name, (src, _) in BUILDERS.items()}
    inputs = {
        f"x_{name}": rng.normal(size=shape).astype(np.float32)
        for name, (_, shape) in BUILDERS.items()
    }
    inputs["spec"] = np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8)
    result = run_reference(_REFERENCE, inputs=inputs, cwd=root)
    return {"root": root, "spec": spec, "inputs": inputs, "result": result}


def _migrated_model(source: str, shape: tuple[int, ...], *, implicit_names: bool = True):
    """The codemod's Keras 3 form of `source` as a model; without `implicit_names`, as
    the codemod wrote it before it named unnamed layers (Keras picks their names)."""
    migrated = migrate_source(source)
    assert migrated.changed and "tf.layers" not in migrated.code, migrated.code
    code = migrated.code
    if not implicit_names:
        implicit = {r.keras_name for r in migrated.layers if AUTO_NAME.fullmatch(r.v1_name or "")}
        tree = ast.parse(code)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                node.keywords = [
                    k
                    for k in node.keywords
                    if not (k.arg == "name" and getattr(k.value, "value", None) in implicit)
                ]
        code = ast.unparse(tree)
    namespace: dict = {}
    exec(compile(code, "<migrated>", "exec"), namespace)
    x = keras.Input(shape[1:], batch_size=shape[0])
    return migrated, keras.Model(x, namespace["build"](x))


@pytest.mark.reference
@pytest.mark.parametrize("name", list(BUILDERS))
def test_recorded_names_are_the_checkpoint_scopes(legacy, name):
    migrated = migrate_source(legacy["spec"][name])
    recorded = {f"{r.v1_scope}/{r.v1_name}".lstrip("/") for r in migrated.layers if r.v1_name}
    in_checkpoint = {v.scope for v in inspect_checkpoint(legacy["root"] / name)}
    assert recorded == in_checkpoint


@pytest.mark.reference
@pytest.mark.parametrize("name", list(BUILDERS))
def test_unnamed_layers_load_by_recorded_name(legacy, name, tmp_path):
    migrated, model = _migrated_model(legacy["spec"][name], BUILDERS[name][1])
    records = tmp_path / "migration_report.json"  # as the CLI writes it
    records.write_text(json.dumps({"files": [{"path": "m.py", **migrated.to_dict()}]}))
    report = load_v1_checkpoint(model, legacy["root"] / name, records=records)
    scopes = {v.scope for v in inspect_checkpoint(legacy["root"] / name)}
    assert {x.v1_scope for x in report.loaded} == scopes
    assert {x.rule for x in report.loaded} == {"records"}
    y = np.asarray(model(legacy["inputs"][f"x_{name}"], training=False))
    want = legacy["result"].arrays[name]
    print(f"{name}: {len(report.loaded)} layers, max |diff| = {max_diff(y, want):.3g}")
    assert_close(y, want, "float32", what=name, family="ckpt-implicit")


@pytest.mark.reference
def test_creation_order_alone_is_ambiguous_across_scopes(legacy):
    """Before: Keras-made names and `implicit_order`, which cannot pair unnamed layers
    of one kind in several scopes."""
    _, model = _migrated_model(
        legacy["spec"]["scopes"], BUILDERS["scopes"][1], implicit_names=False
    )
    with pytest.raises(ValueError, match="several scopes"):
        load_v1_checkpoint(model, legacy["root"] / "scopes")


@pytest.mark.reference
def test_creation_order_alone_pairs_nested_calls_wrongly(legacy):
    _, model = _migrated_model(
        legacy["spec"]["nested"], BUILDERS["nested"][1], implicit_names=False
    )
    report = load_v1_checkpoint(model, legacy["root"] / "nested")
    assert {x.rule for x in report.loaded} == {"implicit_order"}
    y = np.asarray(model(legacy["inputs"]["x_nested"], training=False))
    assert max_diff(y, legacy["result"].arrays["nested"]) > 0.1  # loaded, but swapped


def test_unnamed_layers_get_their_v1_scope_names():
    source = HEADER + textwrap.dedent(BUILDERS["scopes"][0])
    records = migrate_source(source).layers
    assert [(r.v1_scope, r.v1_name, r.keras_name) for r in records if r.v1_name] == [
        ("encoder", "conv2d", "encoder_conv2d"),
        ("encoder", "batch_normalization", "encoder_batch_normalization"),
        ("encoder", "conv2d_1", "encoder_conv2d_1"),
        ("encoder", "batch_normalization_1", "encoder_batch_normalization_1"),
        ("decoder", "conv2d", "decoder_conv2d"),
        ("decoder", "separable_conv2d", "decoder_separable_conv2d"),
        ("decoder", "dense", "decoder_dense"),
        ("decoder", "middle", "decoder_middle"),
        ("decoder/head", "dense", "decoder_head_dense"),
        ("decoder", "dense_1", "decoder_dense_1"),
        ("decoder", "dense_2", "decoder_dense_2"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("for _ in range(2):\n        h = tf.layers.dense(h, 3)", id="loop"),
        pytest.param("h = make_layers(h)", id="unknown call"),
        pytest.param("h = tf.keras.layers.Dense(3)(h)", id="keras layer"),
        pytest.param("h = tf.layers.dense(h, 3, name='dense_4')", id="auto-like name"),
        pytest.param("with tf.variable_scope(None, 'x'):\n        h = h", id="dynamic scope"),
    ],
)
def test_numbering_stops_where_it_is_not_static(body):
    """After a loop, an unknown call, a Keras layer (which shares v1's counters), a name
    like `dense_4` or a scope named at run time, later unnamed layers get no name."""
    source = (
        f"{HEADER}def build(h):\n    with tf.variable_scope('s'):\n"
        f"        h = tf.layers.dense(h, 3)\n        {textwrap.indent(body, '    ').strip()}\n"
        "        return tf.layers.dense(h, 3)\n"
    )
    records = migrate_source(source).layers
    assert records[0].v1_name == "dense"
    assert records[-1].v1_name is None and records[-1].keras_name is None


def test_layers_without_weights_and_top_level_calls_stay_unnamed():
    source = HEADER + (
        "def build(x):\n"
        "    with tf.variable_scope('s'):\n"
        "        x = tf.layers.max_pooling1d(tf.layers.dropout(x), 2, 2)\n"
        "        x = tf.layers.flatten(x)\n"
        "    return tf.layers.dense(x, 2)\n"
    )
    result = migrate_source(source)
    assert "name=" not in result.code
    assert all(r.keras_name is None for r in result.layers)
