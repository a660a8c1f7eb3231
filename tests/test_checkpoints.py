"""migrate.checkpoints: TF1 checkpoints of the legacy layer load into migrated Keras 3 models.

One reference process (TensorFlow's own legacy layer, `TF_USE_LEGACY_KERAS=1`) builds the
TF1 model of `MODEL_SOURCE`, trains it a few steps, saves it with `tf.compat.v1.train.Saver`
and records its outputs; every test here works on that checkpoint or on small ones written
in this process.
"""

from __future__ import annotations

import json
import shutil
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference
from golden.tolerances import assert_close
from migrate import checkpoints, cli, migrate_source
from migrate.checkpoints import convert_checkpoint, inspect_checkpoint, load_v1_checkpoint

# Nested variable scopes, two layers named `conv` in different scopes, a causal layer (which
# Keras 3 spells as ZeroPadding1D + SeparableConv1D in a Sequential) and two unnamed layers.
MODEL_SOURCE = """\
import tensorflow.compat.v1 as tf


def build(x):
    with tf.variable_scope("encoder"):
        h = tf.layers.separable_conv1d(x, 8, 3, padding="same", activation=tf.nn.relu, name="conv")
        with tf.variable_scope("block"):
            h = tf.layers.separable_conv1d(h, 8, 3, padding="same", depth_multiplier=2, name="conv")
    with tf.variable_scope("decoder"):
        h = tf.layers.separable_conv1d(h, 6, 3, padding="causal", dilation_rate=2, name="conv")
    h = tf.layers.separable_conv1d(h, 4, 3, padding="valid")
    return tf.layers.separable_conv1d(h, 2, 1, use_bias=False)
"""

V1_SCOPES = [
    "decoder/conv",
    "encoder/block/conv",
    "encoder/conv",
    "separable_conv1d",
    "separable_conv1d_1",
]
KERAS_NAMES = {
    "encoder/conv": "encoder_conv",
    "encoder/block/conv": "encoder_block_conv",
    "decoder/conv": "decoder_conv",
}
RNG = np.random.default_rng(6)
X = RNG.standard_normal((4, 20, 3)).astype(np.float32)
Y_TARGET = RNG.standard_normal((4, 18, 2)).astype(np.float32)

_TRAIN = """\
import os
import tensorflow as tf
tf1 = tf.compat.v1
namespace = {}
exec(SOURCE, namespace)
graph = tf.Graph()
with graph.as_default():
    tf1.set_random_seed(1)
    x = tf1.placeholder(tf.float32, [None, 20, 3])
    y = namespace["build"](x)
    loss = tf.reduce_mean((y - INPUTS["target"]) ** 2)
    train = tf1.train.AdamOptimizer(0.05).minimize(loss)
    saver = tf1.train.Saver()
    with tf1.Session() as session:
        session.run(tf1.global_variables_initializer())
        for _ in range(5):
            session.run(train, {x: INPUTS["x"]})
        saver.save(session, os.path.abspath(PREFIX), global_step=5)
        save(y=session.run(y, {x: INPUTS["x"]}))
        save_json(sorted(v.name for v in tf1.global_variables()))
"""


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    """The reference checkpoint directory and the legacy model's outputs on `X`."""
    root = tmp_path_factory.mktemp("legacy")
    script = f"SOURCE = {MODEL_SOURCE!r}\nPREFIX = 'train/model.ckpt'\n" + _TRAIN
    result = run_reference(script, inputs={"x": X, "target": Y_TARGET}, cwd=root)
    return {"dir": root / "train", "y": result.arrays["y"], "variables": result.json}


@pytest.fixture(scope="module")
def migrated():
    """`MODEL_SOURCE` migrated by the codemod, per target."""
    return {target: migrate_source(MODEL_SOURCE, target=target) for target in ("keras", "compat")}


def builder(code: str):
    """The `build` function of migrated source `code`."""
    namespace = {}
    exec(compile(code, "<migrated>", "exec"), namespace)
    return namespace["build"]


def migrated_model(code: str) -> keras.Model:
    """The migrated builder called on `keras.Input`, as a user would make the model."""
    x = keras.Input((20, 3))
    return keras.Model(x, builder(code)(x))


def keras_model(names: dict[str, str] | None = None, dtype: str = "float32") -> keras.Model:
    """What the codemod makes of `MODEL_SOURCE`, by hand, with other names or dtypes.

    `test_hand_written_model_is_the_migrated_one` keeps it equal to the migrated model.
    """
    names = KERAS_NAMES if names is None else names
    layers = keras.layers
    x = keras.Input((20, 3), dtype=dtype)
    h = layers.SeparableConv1D(
        8, 3, padding="same", activation=tf.nn.relu, name=names["encoder/conv"], dtype=dtype
    )(x)
    h = layers.SeparableConv1D(
        8, 3, padding="same", depth_multiplier=2, name=names["encoder/block/conv"], dtype=dtype
    )(h)
    h = keras.Sequential(
        [
            layers.ZeroPadding1D(padding=(4, 0), dtype=dtype),
            layers.SeparableConv1D(6, 3, dilation_rate=2, name=names["decoder/conv"], dtype=dtype),
        ]
    )(h)
    # Unnamed unless `names` names them: Keras then numbers them itself.
    h = layers.SeparableConv1D(4, 3, name=names.get("separable_conv1d"), dtype=dtype)(h)
    h = layers.SeparableConv1D(
        2, 1, use_bias=False, name=names.get("separable_conv1d_1"), dtype=dtype
    )(h)
    return keras.Model(x, h)


def weights_of(model: keras.Model) -> list[np.ndarray]:
    return [np.array(w.numpy()) for w in model.weights]


def assert_unchanged(model: keras.Model, before: list[np.ndarray]) -> None:
    for old, new in zip(before, weights_of(model), strict=True):
        np.testing.assert_array_equal(old, new)


def write_v1_checkpoint(prefix, variables: dict[str, np.ndarray]) -> str:
    """A TF1 name-based checkpoint with the given variables, written by Saver."""
    graph = tf.Graph()
    with graph.as_default():
        created = [
            tf.compat.v1.get_variable(name, initializer=tf.constant(value))
            for name, value in variables.items()
        ]
        saver = tf.compat.v1.train.Saver(created)
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            return saver.save(session, str(prefix))


# --- the end-to-end path ----------------------------------------------------------------------


@pytest.mark.reference
def test_reference_names_are_the_v1_scopes(legacy):
    layer_variables = [n for n in legacy["variables"] if "Adam" not in n and "power" not in n]
    scopes = sorted({n.rpartition("/")[0] for n in layer_variables})
    assert scopes == V1_SCOPES
    assert [layer.scope for layer in inspect_checkpoint(legacy["dir"])] == V1_SCOPES


@pytest.mark.reference
def test_migrated_model_reproduces_legacy_outputs(legacy, migrated):
    model = migrated_model(migrated["keras"].code)
    report = load_v1_checkpoint(model, legacy["dir"], records=migrated["keras"])
    assert_close(model(X).numpy(), legacy["y"], "float32", what="legacy->keras", family="ckpt")
    assert {layer.v1_scope: layer.rule for layer in report.loaded} == {
        "encoder/conv": "records",
        "encoder/block/conv": "records",
        "decoder/conv": "records",
        "separable_conv1d": "implicit_order",
        "separable_conv1d_1": "implicit_order",
    }
    assert report.unmatched_checkpoint_layers == report.unmatched_target_layers == ()
    # Adam slots and beta powers are left over, not mistaken for layers.
    assert "encoder/conv/depthwise_kernel/Adam" in report.other_variables


@pytest.mark.reference
def test_without_records_the_naming_rules_find_the_same_pairs(legacy, migrated):
    model = migrated_model(migrated["keras"].code)
    report = load_v1_checkpoint(model, legacy["dir"])
    assert [layer.rule for layer in report.loaded] == ["sanitised"] * 3 + ["implicit_order"] * 2
    assert_close(model(X).numpy(), legacy["y"], "float32", what="rules", family="ckpt")


def test_hand_written_model_is_the_migrated_one(migrated):
    def layout(model):
        return [(type(layer).__name__, layer.get_config())
                for layer in model._flatten_layers(include_self=False)
                if not isinstance(layer, (keras.layers.InputLayer, keras.Sequential))]  # fmt: skip

    def strip_names(items):
        return [(kind, {k: v for k, v in config.items() if k != "name"}) for kind, config in items]

    hand, migrated_ = layout(keras_model()), layout(migrated_model(migrated["keras"].code))
    assert strip_names(hand) == strip_names(migrated_)
    named = [config["name"] for _, config in migrated_ if not config["name"].startswith(
        ("separable_conv1d", "sequential", "zero_padding1d", "functional"))]  # fmt: skip
    assert named == ["encoder_conv", "encoder_block_conv", "decoder_conv"]


# Published in the README: TensorFlow alone restores a converted checkpoint into Keras 3.
PLAIN_TF_RESTORE = """\
import tensorflow as tf

layers = {name: model.get_layer(name) for name in ("encoder_conv", "encoder_block_conv")}
layers["decoder_conv"] = model.layers[3].get_layer("decoder_conv")  # in the causal Sequential
status = tf.train.Checkpoint(layers=layers).read(tf.train.latest_checkpoint("converted/"))
status.assert_existing_objects_matched()
"""


@pytest.mark.reference
def test_whole_command_line_path(legacy, tmp_path, capsys, monkeypatch):
    # tf1-migrate rewrites the model file and writes its report; `checkpoint convert` uses
    # the report; the rewritten file's model loads the converted checkpoint.
    source = tmp_path / "model.py"
    source.write_text(MODEL_SOURCE, encoding="utf-8")
    report = tmp_path / "report.json"
    assert cli.main([str(source), "--report", str(report)]) == 0
    out = tmp_path / "converted"
    assert cli.main(["checkpoint", "convert", str(legacy["dir"]), "--map", str(report),
                     "--out", str(out)]) == 0  # fmt: skip
    assert "encoder/block/conv -> layers/encoder_block_conv (records)" in capsys.readouterr().out
    model = migrated_model(source.read_text(encoding="utf-8"))
    loaded = load_v1_checkpoint(model, out)
    assert {layer.rule for layer in loaded.loaded} == {"exact", "implicit_order"}
    assert_close(model(X).numpy(), legacy["y"], "float32", what="cli", family="ckpt")
    fresh = migrated_model(source.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    exec(PLAIN_TF_RESTORE, {"model": fresh})
    for old, new in zip(model.layers[1:4], fresh.layers[1:4], strict=True):
        for a, b in zip(old.weights, new.weights, strict=True):
            np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.reference
def test_module_docstring_example_runs(legacy, migrated, tmp_path, monkeypatch, capsys):
    example = checkpoints.__doc__.split("```python\n")[1].split("```")[0]
    shutil.copytree(legacy["dir"], tmp_path / "train_dir")
    layers = [{"line": 1, "column": 0, "v1_scope": "decoder", "v1_name": "conv",
               "keras_name": "dec"}]  # fmt: skip
    (tmp_path / "migration_report.json").write_text(json.dumps({"files": [{"layers": layers}]}))
    monkeypatch.chdir(tmp_path)
    code = migrated["keras"].code.replace('name="decoder_conv"', 'name="dec"')
    exec(example, {"build": builder(code)})
    out = capsys.readouterr().out
    assert "Loaded 5 layer(s) from train_dir/model.ckpt-5:" in out
    assert "  decoder/conv -> dec (records)" in out


def test_checkpoint_written_by_compat_layers_loads(tmp_path, migrated):
    # The codemod's `compat` target keeps graph mode; its checkpoint moves on to Keras 3.
    graph = tf.Graph()
    with graph.as_default(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tf.compat.v1.set_random_seed(2)
        x = tf.compat.v1.placeholder(tf.float32, [None, 20, 3])
        y = builder(migrated["compat"].code)(x)
        train = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(
            tf.reduce_mean((y - Y_TARGET) ** 2)
        )
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for _ in range(3):
                session.run(train, {x: X})
            saver.save(session, str(tmp_path / "compat.ckpt"))
            expected = session.run(y, {x: X})
    model = migrated_model(migrated["keras"].code)
    report = load_v1_checkpoint(model, tmp_path, records=migrated["keras"].layers)
    assert len(report.loaded) == 5
    assert_close(model(X).numpy(), expected, "float32", what="compat->keras", family="ckpt")


@pytest.mark.reference
def test_records_map_renamed_layers(legacy):
    names = {"encoder/conv": "e1", "encoder/block/conv": "e2", "decoder/conv": "d1"}
    records = {
        "files": [
            {
                "path": "model.py",
                "layers": [
                    {"line": 6, "column": 12, "v1_scope": "encoder", "v1_name": "conv",
                     "keras_name": "e1"},
                    {"line": 8, "column": 16, "v1_scope": "encoder/block", "v1_name": "conv",
                     "keras_name": "e2"},
                    {"line": 10, "column": 12, "v1_scope": "decoder", "v1_name": "conv",
                     "keras_name": "d1"},
                ],
            }
        ]
    }  # fmt: skip
    model = keras_model(names)
    report = load_v1_checkpoint(model, legacy["dir"], records=records)
    assert {x.v1_scope: (x.layer, x.rule) for x in report.loaded if x.rule == "records"} == {
        "encoder/conv": ("e1", "records"),
        "encoder/block/conv": ("e2", "records"),
        "decoder/conv": ("d1", "records"),
    }
    assert_close(model(X).numpy(), legacy["y"], "float32", what="records", family="ckpt")


@pytest.mark.reference
def test_records_of_implicit_names_and_outer_scopes(legacy, tmp_path):
    # A builder called under an outer scope records only the scopes written inside it;
    # unnamed calls get their v1 names from source order.
    report_path = tmp_path / "report.json"
    layers = [
        {"line": 3, "column": 0, "v1_scope": "block", "v1_name": "conv", "keras_name": "b"},
        {"line": 12, "column": 4, "v1_scope": "", "v1_name": None, "keras_name": "top0"},
        {"line": 13, "column": 4, "v1_scope": "", "v1_name": None, "keras_name": "top1"},
    ]
    report_path.write_text(json.dumps({"files": [{"path": "m.py", "layers": layers}]}))
    names = {
        "encoder/conv": "encoder_conv",
        "encoder/block/conv": "b",
        "decoder/conv": "dec",
        "separable_conv1d": "top0",
        "separable_conv1d_1": "top1",
    }
    model = keras_model(names)
    report = load_v1_checkpoint(
        model, legacy["dir"], records=report_path, scope_map={"decoder/conv": "dec"}
    )
    loaded = {x.v1_scope: (x.layer, x.rule) for x in report.loaded}
    assert loaded["encoder/block/conv"] == ("b", "records")
    assert loaded["separable_conv1d"] == ("top0", "records")
    assert loaded["separable_conv1d_1"] == ("top1", "records")
    assert loaded["decoder/conv"] == ("dec", "scope_map")
    assert_close(model(X).numpy(), legacy["y"], "float32", what="records2", family="ckpt")


@pytest.mark.reference
def test_scope_map_by_object_and_variable_path(legacy):
    names = {"encoder/conv": "a", "encoder/block/conv": "b", "decoder/conv": "c"}
    model = keras_model(names)
    decoder = model.layers[3].layers[1]
    scope_map = {"encoder/conv": "a", "encoder/block/conv": model.get_layer("b")}
    scope_map["decoder/conv"] = decoder.depthwise_kernel.path.rpartition("/")[0]
    assert "/" in scope_map["decoder/conv"]  # sequential_N/c
    report = load_v1_checkpoint(model, legacy["dir"], scope_map=scope_map)
    assert [x.rule for x in report.loaded].count("scope_map") == 3
    assert_close(model(X).numpy(), legacy["y"], "float32", what="scope_map", family="ckpt")


@pytest.mark.reference
def test_tf_module_attribute_paths_in_scope_map(legacy):
    class Block(tf.Module):
        def __init__(self):
            super().__init__()
            self.conv = compat_layers.SeparableConv1D(8, 3, padding="same", activation="relu")

    class Net(tf.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Block()
            self.layers = [compat_layers.SeparableConv1D(8, 3, padding="same", depth_multiplier=2)]

    net = Net()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net.layers[0](net.encoder.conv(X))
    report = load_v1_checkpoint(
        net,
        legacy["dir"],
        scope_map={"encoder/conv": "encoder.conv", "encoder/block/conv": "layers.0"},
        strict=False,
    )
    assert [(x.v1_scope, x.rule) for x in report.loaded] == [
        ("encoder/conv", "scope_map"),
        ("encoder/block/conv", "scope_map"),
    ]
    reader = tf.train.load_checkpoint(str(legacy["dir"]))
    np.testing.assert_array_equal(
        net.layers[0].pointwise_kernel.numpy(),
        reader.get_tensor("encoder/block/conv/pointwise_kernel"),
    )


@pytest.mark.reference
def test_tf_module_of_tracked_compat_layers_is_a_target(legacy, migrated):
    # `track_tf1_style_variables` hides the layers but names their variables by scope.
    build = builder(migrated["compat"].code)

    class Net(tf.Module):
        @compat_layers.track_tf1_style_variables
        def __call__(self, x):
            return build(x)

    net = Net()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net(X)
    report = load_v1_checkpoint(net, legacy["dir"])
    loaded = {x.v1_scope: x.rule for x in report.loaded}
    assert loaded == {
        "decoder/conv": "exact",
        "encoder/block/conv": "exact",
        "encoder/conv": "exact",
        # Unnamed layers get process-wide numbers in eager mode (and, as with TensorFlow's
        # own shim, new variables on every call), so only their creation order counts.
        "separable_conv1d": "implicit_order",
        "separable_conv1d_1": "implicit_order",
    }
    reader = tf.train.load_checkpoint(str(legacy["dir"]))
    by_name = {v.name: v for v in net.variables}
    np.testing.assert_array_equal(
        by_name["encoder/block/conv/depthwise_kernel:0"].numpy(),
        reader.get_tensor("encoder/block/conv/depthwise_kernel"),
    )


@pytest.mark.reference
def test_subclassed_keras_model_is_walked(legacy):
    class Encoder(keras.layers.Layer):
        def __init__(self):
            super().__init__(name="encoder")
            self.blocks = [
                keras.layers.SeparableConv1D(8, 3, padding="same", name="encoder_conv"),
                keras.layers.SeparableConv1D(8, 3, padding="same", depth_multiplier=2,
                                             name="encoder_block_conv"),
            ]  # fmt: skip

        def call(self, x):
            return self.blocks[1](self.blocks[0](x))

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.encoder = Encoder()

        def call(self, x):
            return self.encoder(x)

    net = Net()
    net(X)
    report = load_v1_checkpoint(net, legacy["dir"], strict=False)
    assert sorted(x.layer for x in report.loaded) == ["encoder_block_conv", "encoder_conv"]
    reader = tf.train.load_checkpoint(str(legacy["dir"]))
    np.testing.assert_array_equal(
        net.encoder.blocks[1].depthwise_kernel.numpy(),
        reader.get_tensor("encoder/block/conv/depthwise_kernel"),
    )


@pytest.mark.reference
def test_non_strict_loads_what_matches(legacy):
    x = keras.Input((20, 3))
    y = keras.layers.SeparableConv1D(8, 3, padding="same", name="encoder_conv")(x)
    y = keras.layers.SeparableConv1D(7, 1, name="extra")(y)
    model = keras.Model(x, y)
    report = load_v1_checkpoint(model, legacy["dir"], strict=False)
    assert [x.layer for x in report.loaded] == ["encoder_conv"]
    assert report.unmatched_target_layers == ("extra",)
    assert set(report.unmatched_checkpoint_layers) == set(V1_SCOPES) - {"encoder/conv"}
    reader = tf.train.load_checkpoint(str(legacy["dir"]))
    np.testing.assert_array_equal(
        model.get_layer("encoder_conv").bias.numpy(), reader.get_tensor("encoder/conv/bias")
    )


# --- convert and the CLI ---------------------------------------------------------------------


@pytest.mark.reference
def test_cli_inspect_lists_layers(legacy, capsys):
    assert checkpoints.main(["inspect", str(legacy["dir"])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["scope", "kind", "variables", "dtype"]
    rows = {line.split()[0]: " ".join(line.split()[1:]) for line in out[2:7]}
    assert rows["encoder/block/conv"] == (
        "separable_conv depthwise_kernel (3, 8, 2), pointwise_kernel (1, 16, 8), bias (8,) float32"
    )
    assert rows["separable_conv1d_1"] == (
        "separable_conv depthwise_kernel (1, 4, 1), pointwise_kernel (1, 4, 2) float32"
    )
    assert checkpoints.main(["inspect", "--json", str(legacy["dir"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [layer["scope"] for layer in data["layers"]] == V1_SCOPES


@pytest.mark.reference
def test_convert_then_load_by_keras_names(legacy, tmp_path, capsys):
    out = tmp_path / "converted"
    code = checkpoints.main(
        ["convert", str(legacy["dir"]), "--out", str(out), "--name", "decoder/conv=dec"]
    )
    assert code == 0
    assert "decoder/conv -> layers/dec (scope_map)" in capsys.readouterr().out
    manifest = json.loads((out / checkpoints.MANIFEST).read_text())
    assert {x["scope"]: x["keras_name"] for x in manifest["layers"]}["encoder/conv"] == (
        "encoder_conv"
    )
    model = keras_model({**KERAS_NAMES, "decoder/conv": "dec"})
    report = load_v1_checkpoint(model, out)
    assert {x.v1_scope: x.rule for x in report.loaded}["dec"] == "exact"
    assert_close(model(X).numpy(), legacy["y"], "float32", what="converted", family="ckpt")
    # TensorFlow alone restores the converted checkpoint into Keras 3 layers.
    fresh = keras_model({**KERAS_NAMES, "decoder/conv": "dec"})
    named = {name: fresh.get_layer(name) for name in ("encoder_conv", "encoder_block_conv")}
    named["dec"] = fresh.layers[3].layers[1]
    status = tf.train.Checkpoint(layers=named).read(tf.train.latest_checkpoint(str(out)))
    status.assert_existing_objects_matched()
    np.testing.assert_array_equal(
        named["dec"].pointwise_kernel.numpy(), model.layers[3].layers[1].pointwise_kernel.numpy()
    )


@pytest.mark.reference
def test_convert_takes_names_from_the_migration_report(legacy, tmp_path, capsys):
    layers = [
        {"line": 6, "column": 12, "v1_scope": "encoder", "v1_name": "conv", "keras_name": "e1"},
        {"line": 11, "column": 8, "v1_scope": "", "v1_name": None, "keras_name": "head"},
    ]
    report_path = tmp_path / "report.json"
    report_path.write_text(json.dumps({"schema": 1, "files": [{"path": "m.py", "layers": layers}]}))
    out = tmp_path / "converted"
    assert checkpoints.main(["convert", str(legacy["dir"]), "--map", str(report_path),
                             "--out", str(out)]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "encoder/conv -> layers/e1 (records)" in printed
    assert "separable_conv1d -> layers/head (records)" in printed
    assert "separable_conv1d_1 -> layers/separable_conv1d_1 (sanitised)" in printed
    layer = {v.scope: v for v in inspect_checkpoint(out)}["e1"]
    assert layer.shapes == {"depthwise_kernel": (3, 3, 1), "pointwise_kernel": (1, 3, 8),
                            "bias": (8,)}  # fmt: skip
    report = load_v1_checkpoint(
        keras_model({**KERAS_NAMES, "encoder/conv": "e1"}), out, strict=False
    )
    loaded = {x["v1_scope"]: x for x in json.loads(json.dumps(report.to_dict()))["loaded"]}
    assert loaded["decoder_conv"] == {
        "v1_scope": "decoder_conv",
        "layer": "decoder_conv",
        "rule": "exact",
        "variables": {
            name: f"layers/decoder_conv/{name}/.ATTRIBUTES/VARIABLE_VALUE"
            for name in ("bias", "depthwise_kernel", "pointwise_kernel")
        },
    }
    # Keras named the model's last two layers itself; `head` and one unnamed layer are not
    # enough to pair them by creation order.
    assert report.unmatched_checkpoint_layers == ("head", "separable_conv1d_1")
    assert len(report.unmatched_target_layers) == 2


@pytest.mark.reference
def test_convert_refuses_name_collision_and_full_directory(legacy, tmp_path):
    with pytest.raises(ValueError, match="`decoder/conv` and `encoder/conv` would both be stored"):
        convert_checkpoint(
            legacy["dir"], tmp_path / "a", scope_map={"decoder/conv": "x", "encoder/conv": "x"}
        )
    records = [
        {"path": path, "layers": [{"line": 1, "column": 0, "v1_scope": "decoder",
                                   "v1_name": "conv", "keras_name": name}]}
        for path, name in (("a.py", "one"), ("b.py", "two"))
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"`decoder/conv` several Keras names: `one`, `two`\."):
        convert_checkpoint(legacy["dir"], tmp_path / "b", records={"files": records})
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("")
    with pytest.raises(ValueError, match=r"Invalid value for argument `out_dir`.*full"):
        convert_checkpoint(legacy["dir"], tmp_path / "full")


def test_cli_reports_errors(tmp_path, capsys):
    assert checkpoints.main(["inspect", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "tf1-migrate checkpoint: error: Invalid value for argument `checkpoint`" in err
    assert checkpoints.main(["convert", "ckpt", "--out", "o", "--name", "no-equals"]) == 2
    assert "Expected V1_SCOPE=KERAS_NAME. Received: --name='no-equals'" in capsys.readouterr().err
    assert checkpoints.main(["frobnicate"]) == 2


# --- bad input ---------------------------------------------------------------------------------


def test_missing_checkpoint(tmp_path):
    with pytest.raises(ValueError, match=r"Invalid value for argument `checkpoint`.*no file"):
        inspect_checkpoint(tmp_path / "model.ckpt-3")
    with pytest.raises(ValueError, match=r"the directory holds no checkpoint"):
        inspect_checkpoint(tmp_path)
    with pytest.raises(ValueError, match=r"Invalid value for argument `checkpoint`"):
        inspect_checkpoint(3)


@pytest.mark.reference
def test_moved_directory_and_file_paths_resolve(legacy, tmp_path):
    # Saver's `checkpoint` file holds absolute paths, which a move breaks.
    moved = tmp_path / "moved"
    shutil.copytree(legacy["dir"], moved)
    (moved / "checkpoint").write_text('model_checkpoint_path: "/nowhere/model.ckpt-5"\n')
    assert len(inspect_checkpoint(moved)) == 5
    assert len(inspect_checkpoint(moved / "model.ckpt-5.index")) == 5


@pytest.mark.reference
def test_corrupt_checkpoint(legacy, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(legacy["dir"], bad)
    (bad / "model.ckpt-5.index").write_bytes(b"not an index" * 8)
    with pytest.raises(
        ValueError, match=r"model.ckpt-5' cannot be read: .*tf.compat.v1.train.Saver"
    ):
        inspect_checkpoint(bad)
    truncated = tmp_path / "truncated"
    shutil.copytree(legacy["dir"], truncated)
    (truncated / "model.ckpt-5.data-00000-of-00001").write_bytes(b"")
    model = keras_model()
    before = weights_of(model)
    with pytest.raises(ValueError, match=r"is corrupt: reading variable `[a-z_/]+` failed"):
        load_v1_checkpoint(model, truncated)
    assert_unchanged(model, before)


def test_checkpoint_without_layers(tmp_path):
    prefix = write_v1_checkpoint(
        tmp_path / "norm.ckpt",
        {
            # Layer norm keeps no kernel or statistics: not a layer kind we load.
            "LayerNorm/gamma": np.ones(4, np.float32),
            "global_step": np.zeros((), np.float32),
        },
    )
    with pytest.raises(ValueError, match=r"holds no layer of a known kind.*`LayerNorm/gamma`"):
        load_v1_checkpoint(keras_model(), prefix)
    prefix = write_v1_checkpoint(
        tmp_path / "dw.ckpt",
        {
            # A depthwise kernel alone (DepthwiseConv1D) is not a separable conv layer.
            "dw/depthwise_kernel": np.ones((3, 4, 1), np.float32),
        },
    )
    with pytest.raises(ValueError, match=r"`dw/pointwise_kernel` is missing"):
        load_v1_checkpoint(keras_model(), prefix)


@pytest.mark.reference
def test_shape_mismatch_lists_every_problem_and_changes_nothing(legacy):
    x = keras.Input((20, 3))
    h = keras.layers.SeparableConv1D(8, 5, padding="same", name="encoder_conv")(x)
    h = keras.layers.SeparableConv1D(8, 3, padding="same", name="encoder_block_conv")(h)
    h = keras.layers.SeparableConv1D(6, 3, use_bias=False, name="decoder_conv")(h)
    h = keras.layers.SeparableConv1D(9, 1, name="head")(h)
    model = keras.Model(x, h)
    before = weights_of(model)
    with pytest.raises(ValueError) as info:
        load_v1_checkpoint(model, legacy["dir"])
    message = str(info.value)
    assert (
        "checkpoint layer `encoder/conv` -> layer `encoder_conv`: `encoder/conv/depthwise_kernel` "
        "has shape (3, 3, 1) in the checkpoint, the layer's `depthwise_kernel` has shape (5, 3, 1)"
    ) in message
    assert (
        "checkpoint layer `encoder/block/conv` -> layer `encoder_block_conv`: "
        "`encoder/block/conv/depthwise_kernel` has shape (3, 8, 2)"
    ) in message
    assert "the checkpoint has `decoder/conv/bias` but use_bias=False" in message
    assert (
        "checkpoint layer `separable_conv1d` (depthwise_kernel (3, 6, 1), pointwise_kernel "
        "(1, 6, 4), bias (4,) float32) matches no layer of the target"
    ) in message
    assert "layer `head` of the target matches no checkpoint layer" in message
    assert_unchanged(model, before)


@pytest.mark.reference
def test_dtype_mismatch(legacy):
    with pytest.raises(
        ValueError, match=r"is float32 in the checkpoint, the layer's .* is float64"
    ):
        load_v1_checkpoint(keras_model(dtype="float64"), legacy["dir"])


@pytest.mark.reference
def test_two_candidates_for_one_layer(legacy):
    x = keras.Input((20, 3))
    model = keras.Model(x, keras.layers.SeparableConv1D(6, 3, name="conv")(x))
    with pytest.raises(ValueError) as info:
        load_v1_checkpoint(model, legacy["dir"], strict=False)
    assert str(info.value).startswith(
        "Ambiguous checkpoint mapping: layer `conv` of the target has several candidates by "
        "rule 'last_component': `decoder/conv`, `encoder/block/conv` and `encoder/conv`."
    )


def test_unnamed_layers_in_several_scopes_are_not_guessed(tmp_path):
    def layer(scope, c):
        return {
            f"{scope}/depthwise_kernel": np.ones((3, c, 1), np.float32),
            f"{scope}/pointwise_kernel": np.ones((1, c, c), np.float32),
        }

    prefix = write_v1_checkpoint(
        tmp_path / "m", {**layer("a/separable_conv1d", 2), **layer("b/separable_conv1d", 2)}
    )
    x = keras.Input((8, 2))
    y = keras.layers.SeparableConv1D(2, 3, use_bias=False)(x)
    model = keras.Model(x, keras.layers.SeparableConv1D(2, 3, use_bias=False)(y))
    with pytest.raises(ValueError, match=r"note: unnamed v1 layers in several scopes \(`a`, `b`\)"):
        load_v1_checkpoint(model, prefix)


@pytest.mark.reference
def test_bad_scope_map(legacy):
    model = keras_model()
    with pytest.raises(ValueError, match=r"`scope_map`.*Received: key 'encoder/nope'"):
        load_v1_checkpoint(model, legacy["dir"], scope_map={"encoder/nope": "encoder_conv"})
    with pytest.raises(ValueError, match=r"`scope_map`.*Received: 'encoder/conv': 'nope'"):
        load_v1_checkpoint(model, legacy["dir"], scope_map={"encoder/conv": "nope"})
    with pytest.raises(ValueError, match=r"'encoder/conv' and 'decoder/conv' both map to `x`"):
        load_v1_checkpoint(
            keras_model({**KERAS_NAMES, "encoder/conv": "x"}),
            legacy["dir"],
            scope_map={"encoder/conv": "x", "decoder/conv": "x"},
        )


@pytest.mark.reference
def test_unbuilt_layer_and_bad_target(legacy):
    layer = keras.layers.SeparableConv1D(8, 3, name="encoder_conv")
    with pytest.raises(ValueError, match=r"layer `encoder_conv`: the layer is not built"):
        load_v1_checkpoint(layer, legacy["dir"])
    report = load_v1_checkpoint(layer, legacy["dir"], strict=False)
    assert report.loaded == ()
    assert report.problems == (
        "checkpoint layer `encoder/conv` -> layer `encoder_conv`: the layer is not built; "
        "call the model on an input first",
    )
    with pytest.raises(ValueError, match=r"Invalid value for argument `target`.*type str"):
        load_v1_checkpoint("model", legacy["dir"])


@pytest.mark.reference
def test_graph_mode_target_points_to_saver(legacy):
    graph = tf.Graph()
    with graph.as_default(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = compat_layers.SeparableConv1D(8, 3, padding="same", name="conv")
        with tf.compat.v1.variable_scope("encoder"):
            layer(tf.compat.v1.placeholder(tf.float32, [None, 20, 3]))
    with pytest.raises(ValueError, match=r"live in a TF1 graph.*train.Saver\(\).restore"):
        load_v1_checkpoint(layer, legacy["dir"], strict=False)


@pytest.mark.reference
def test_failed_assignment_restores_previous_values(legacy, monkeypatch):
    model = keras_model()
    before = weights_of(model)
    victim = model.layers[3].layers[1]  # decoder_conv, inside the causal Sequential
    calls = []

    def failing_assign(value):
        calls.append(value)
        raise RuntimeError("device lost")

    monkeypatch.setattr(victim.bias, "assign", failing_assign)
    with pytest.raises(RuntimeError, match="device lost"):
        load_v1_checkpoint(model, legacy["dir"])
    assert calls
    assert_unchanged(model, before)
