"""Every layer kind of a TF1 checkpoint loads into the equivalent Keras 3 model.

One reference process (`TF_USE_LEGACY_KERAS=1`) builds each scenario of `SCENARIOS` in its
own v1 graph with `tf.compat.v1.layers` / `tf.compat.v1.nn.rnn_cell`, gives every variable
random values (moving statistics included), writes a `Saver` checkpoint and records the
outputs. Here the Keras 3 model of the scenario loads that checkpoint through
`load_v1_checkpoint` and must reproduce the outputs within the float32 golden tolerance.
"""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from golden.reference import run_reference
from golden.tolerances import assert_close, max_diff
from migrate import checkpoints
from migrate.checkpoints import convert_checkpoint, inspect_checkpoint, load_v1_checkpoint

RNG = np.random.default_rng(13)
SEQ = RNG.standard_normal((2, 5, 3)).astype(np.float32)
IMG = RNG.standard_normal((2, 6, 6, 3)).astype(np.float32)

# name -> (input, v1 builder source (`L` is tf.compat.v1.layers, `rnn` nn.rnn_cell), kinds).
SCENARIOS = {
    "dense": (
        "flat",
        "h = L.dense(x, 7, activation=tf.nn.tanh, name='fc')\ny = L.dense(h, 3)",
        {"fc": "dense", "dense": "dense"},
    ),
    "conv1d": ("seq", "y = L.conv1d(x, 4, 3, padding='same', name='c1')", {"c1": "conv"}),
    "conv2d": ("img", "y = L.conv2d(x, 4, 3, strides=2, name='c2')", {"c2": "conv"}),
    "conv3d": ("vol", "y = L.conv3d(x, 2, 2, name='c3')", {"c3": "conv"}),
    "conv2d_transpose": (
        "img",
        "y = L.conv2d_transpose(x, 5, 3, strides=2, padding='same', name='ct')",
        {"ct": "conv"},
    ),
    "separable_conv2d": (
        "img",
        "y = L.separable_conv2d(x, 6, 3, depth_multiplier=2, name='sep')",
        {"sep": "separable_conv"},
    ),
    "batch_normalization": (
        "flat",
        "h = L.batch_normalization(x, training=False, name='bn')\n"
        "y = L.batch_normalization(h, training=False, renorm=True, center=False, name='bnr')",
        {"bn": "batch_norm", "bnr": "batch_norm"},
    ),
    "lstm": (
        "seq",
        "y, _ = tf1.nn.dynamic_rnn(rnn.LSTMCell(6), x, dtype=tf.float32)",
        {"rnn/lstm_cell": "lstm"},
    ),
    "basic_lstm": (
        "seq",
        "y, _ = tf1.nn.dynamic_rnn(rnn.BasicLSTMCell(4, forget_bias=0.5), x, dtype=tf.float32)",
        {"rnn/basic_lstm_cell": "lstm"},
    ),
    "gru": (
        "seq",
        "y, _ = tf1.nn.dynamic_rnn(rnn.GRUCell(5), x, dtype=tf.float32)",
        {"rnn/gru_cell": "gru"},
    ),
    "basic_rnn": (
        "seq",
        "y, _ = tf1.nn.dynamic_rnn(rnn.BasicRNNCell(4), x, dtype=tf.float32)",
        {"rnn/basic_rnn_cell": "basic_rnn"},
    ),
    "bidirectional_lstm": (
        "seq",
        "(fw, bw), _ = tf1.nn.bidirectional_dynamic_rnn(\n"
        "    rnn.LSTMCell(4), rnn.LSTMCell(4), x, dtype=tf.float32)\n"
        "y = tf.concat([fw, bw], -1)",
        {"bidirectional_rnn/fw/lstm_cell": "lstm", "bidirectional_rnn/bw/lstm_cell": "lstm"},
    ),
    "multi_rnn_cell": (
        "seq",
        "cell = rnn.MultiRNNCell([rnn.LSTMCell(5), rnn.LSTMCell(4)])\n"
        "y, _ = tf1.nn.dynamic_rnn(cell, x, dtype=tf.float32)",
        {
            "rnn/multi_rnn_cell/cell_0/lstm_cell": "lstm",
            "rnn/multi_rnn_cell/cell_1/lstm_cell": "lstm",
        },
    ),
}
INPUTS = {
    "flat": RNG.standard_normal((4, 6)).astype(np.float32),
    "seq": SEQ,
    "img": IMG,
    "vol": RNG.standard_normal((1, 4, 4, 4, 2)).astype(np.float32),
}

_REFERENCE = """\
import os
import numpy as np
import tensorflow as tf
tf1 = tf.compat.v1
L = tf1.layers
rnn = tf1.nn.rnn_cell
rng = np.random.default_rng(0)
names = {}
for name, (feed, source, _) in SCENARIOS.items():
    graph = tf.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, INPUTS[feed].shape)
        scope = {"tf": tf, "tf1": tf1, "L": L, "rnn": rnn, "x": x}
        exec(source, scope)
        variables = tf1.global_variables()
        with tf1.Session() as session:
            session.run(tf1.global_variables_initializer())
            for v in variables:
                value = rng.standard_normal(v.shape.as_list()).astype(np.float32) * 0.5
                if "variance" in v.name or "stddev" in v.name:
                    value = np.abs(value) + 0.5
                v.load(value, session)
            tf1.train.Saver().save(session, os.path.abspath(f"{name}/model.ckpt"))
            save(**{name: session.run(scope["y"], {x: INPUTS[feed]})})
        names[name] = sorted(v.name for v in variables)
save_json(names)
"""


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    """Checkpoint directory, outputs and variable names of every scenario."""
    root = tmp_path_factory.mktemp("kinds")
    script = f"SCENARIOS = {SCENARIOS!r}\n" + _REFERENCE
    result = run_reference(script, inputs=INPUTS, cwd=root)
    return {"root": root, "y": result.arrays, "variables": result.json}


def _rnn(cell: keras.layers.Layer) -> keras.layers.Layer:
    return keras.layers.RNN(cell, return_sequences=True)


# name -> the Keras 3 layers that the codemod's Keras target makes of the scenario.
KERAS = {
    "dense": lambda: [
        keras.layers.Dense(7, activation="tanh", name="fc"),
        keras.layers.Dense(3),
    ],
    "conv1d": lambda: [keras.layers.Conv1D(4, 3, padding="same", name="c1")],
    "conv2d": lambda: [keras.layers.Conv2D(4, 3, strides=2, name="c2")],
    "conv3d": lambda: [keras.layers.Conv3D(2, 2, name="c3")],
    "conv2d_transpose": lambda: [
        keras.layers.Conv2DTranspose(5, 3, strides=2, padding="same", name="ct")
    ],
    "separable_conv2d": lambda: [
        keras.layers.SeparableConv2D(6, 3, depth_multiplier=2, name="sep")
    ],
    "batch_normalization": lambda: [
        keras.layers.BatchNormalization(epsilon=1e-3, name="bn"),
        keras.layers.BatchNormalization(epsilon=1e-3, center=False, name="bnr"),
    ],
    "lstm": lambda: [_rnn(keras.layers.LSTMCell(6))],
    "basic_lstm": lambda: [keras.layers.LSTM(4, return_sequences=True)],
    "gru": lambda: [keras.layers.GRU(5, reset_after=False, return_sequences=True)],
    "basic_rnn": lambda: [keras.layers.SimpleRNN(4, return_sequences=True)],
    "bidirectional_lstm": lambda: [
        keras.layers.Bidirectional(keras.layers.LSTM(4, return_sequences=True))
    ],
    "multi_rnn_cell": lambda: [
        _rnn(keras.layers.StackedRNNCells([keras.layers.LSTMCell(5), keras.layers.LSTMCell(4)]))
    ],
}
FORGET_BIAS = {"basic_lstm": 0.5}


def keras_model(name: str) -> keras.Model:
    x = keras.Input(INPUTS[SCENARIOS[name][0]].shape[1:])
    h = x
    for layer in KERAS[name]():
        h = layer(h)
    return keras.Model(x, h)


def weights_of(model: keras.Model) -> list[np.ndarray]:
    return [np.array(w.numpy()) for w in model.weights]


@pytest.mark.reference
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_kind_loads_and_reproduces_the_legacy_outputs(legacy, name):
    feed, _, kinds = SCENARIOS[name]
    assert {v.scope: v.kind for v in inspect_checkpoint(legacy["root"] / name)} == kinds
    model = keras_model(name)
    report = load_v1_checkpoint(
        model, legacy["root"] / name, forget_bias=FORGET_BIAS.get(name, 1.0)
    )
    assert sorted(x.v1_scope for x in report.loaded) == sorted(kinds)
    y = model(INPUTS[feed], training=False).numpy()
    print(f"max |diff| {name}: {max_diff(y, legacy['y'][name]):.2e}")
    assert_close(y, legacy["y"][name], "float32", what=name, family="ckpt-kinds")


@pytest.mark.reference
def test_renorm_statistics_are_recognised_and_left_out(legacy):
    report = load_v1_checkpoint(
        keras_model("batch_normalization"), legacy["root"] / "batch_normalization"
    )
    assert "bnr/renorm_mean" in report.other_variables
    assert "bnr/renorm_stddev" in report.other_variables


@pytest.mark.reference
def test_wrong_forget_bias_gives_other_outputs(legacy):
    # The checkpoint does not store forget_bias: loading BasicLSTMCell(forget_bias=0.5)
    # weights with the default 1.0 runs, and the outputs differ (the parameter matters).
    model = keras_model("basic_lstm")
    load_v1_checkpoint(model, legacy["root"] / "basic_lstm")
    assert max_diff(model(SEQ).numpy(), legacy["y"]["basic_lstm"]) > 1e-3


@pytest.mark.reference
def test_cli_inspect_names_kinds_and_forget_bias(legacy, capsys):
    assert checkpoints.main(["inspect", str(legacy["root"] / "multi_rnn_cell")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["scope", "kind", "variables", "dtype"]
    assert out[2].split() == [
        "rnn/multi_rnn_cell/cell_0/lstm_cell", "lstm", "kernel", "(8,", "20),", "bias",
        "(20,)", "float32",
    ]  # fmt: skip
    assert "lstm: converted to the Keras layout (gates i, j, f, o -> i, f, c, o; " in out[4]
    assert "conversion assumes forget_bias=1 (the v1 default is 1; pass --forget-bias)" in out[5]
    argv = ["inspect", "--json", "--forget-bias", "0.5", str(legacy["root"] / "gru")]
    assert checkpoints.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["forget_bias"] == 0.5
    (layer,) = data["layers"]
    assert layer["kind"] == "gru"
    assert layer["shapes"] == {"gates/kernel": [8, 10], "gates/bias": [10],
                               "candidate/kernel": [8, 5], "candidate/bias": [5]}  # fmt: skip
    assert layer["keras_shapes"] == {"kernel": [3, 15], "recurrent_kernel": [5, 15], "bias": [15]}


@pytest.mark.reference
@pytest.mark.parametrize("name", ["bidirectional_lstm", "batch_normalization", "basic_lstm"])
def test_cli_convert_then_load(legacy, tmp_path, capsys, name):
    out = tmp_path / "converted"
    argv = ["convert", str(legacy["root"] / name), "--out", str(out)]
    argv += ["--forget-bias", str(FORGET_BIAS.get(name, 1.0))]
    assert checkpoints.main(argv) == 0
    printed = capsys.readouterr().out
    kinds = SCENARIOS[name][2]
    for scope, kind in kinds.items():
        assert f"{scope} -> layers/{scope.replace('/', '_')} (sanitised): {kind}" in printed
    converted = {v.scope: v.kind for v in inspect_checkpoint(out)}
    rnn = {"lstm", "gru", "basic_rnn"}
    assert converted == {
        s.replace("/", "_"): "rnn_cell" if k in rnn else k for s, k in kinds.items()
    }
    model = keras_model(name)
    load_v1_checkpoint(model, out)  # the forget bias is already folded in
    y = model(INPUTS[SCENARIOS[name][0]], training=False).numpy()
    assert_close(y, legacy["y"][name], "float32", what=f"converted {name}", family="ckpt-kinds")


@pytest.mark.reference
def test_two_rnn_layers_for_one_cell_need_scope_map(legacy):
    x = keras.Input((5, 3))
    enc = keras.layers.LSTM(6, return_sequences=True, name="enc")
    dec = keras.layers.LSTM(6, return_sequences=True, name="dec")
    model = keras.Model(x, [enc(x), dec(x)])
    message = _load_fails(model, legacy["root"] / "lstm")
    assert "note: RNN cell `rnn/lstm_cell` has 2 candidate cell(s)" in message
    report = load_v1_checkpoint(
        model, legacy["root"] / "lstm", scope_map={"rnn/lstm_cell": "enc/lstm_cell"}, strict=False
    )
    assert [(x.v1_scope, x.layer, x.rule) for x in report.loaded] == [
        ("rnn/lstm_cell", "lstm_cell (in enc)", "scope_map")
    ]
    assert report.unmatched_target_layers == ("lstm_cell (in dec)",)
    assert_close(model(SEQ)[0].numpy(), legacy["y"]["lstm"], "float32", what="enc", family="ckpt")


# --- errors: nothing is loaded, the message names the variable ---------------------------------


def _write(prefix, variables: dict[str, np.ndarray]) -> str:
    graph = tf.Graph()
    with graph.as_default():
        created = [
            tf.compat.v1.get_variable(name, initializer=tf.constant(value))
            for name, value in variables.items()
        ]
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            return tf.compat.v1.train.Saver(created).save(session, str(prefix))


def _dense_model(**kwargs) -> keras.Model:
    x = keras.Input((3,))
    return keras.Model(x, keras.layers.Dense(4, name="fc", **kwargs)(x))


def _load_fails(model: keras.Model, prefix: str) -> str:
    before = weights_of(model)
    with pytest.raises(ValueError) as info:
        load_v1_checkpoint(model, prefix)
    for old, new in zip(before, weights_of(model), strict=True):
        np.testing.assert_array_equal(old, new)
    return str(info.value)


F = np.float32


def test_missing_variable(tmp_path):
    prefix = _write(tmp_path / "m", {"fc/kernel": np.ones((3, 4), F)})
    message = _load_fails(_dense_model(), prefix)
    assert (
        "checkpoint layer `fc` -> layer `fc`: the checkpoint has no `fc/bias` but use_bias=True"
        in message
    )
    prefix = _write(
        tmp_path / "bn",
        {"fc/kernel": np.ones((3, 4), F), "fc/bias": np.ones(4, F), "bn/gamma": np.ones(4, F),
         "bn/beta": np.ones(4, F), "bn/moving_mean": np.ones(4, F)},
    )  # fmt: skip
    message = _load_fails(_dense_model(), prefix)
    assert (
        "checkpoint scope `bn` is not a layer of a known kind: looks like a batch_norm layer, "
        "but `bn/moving_variance` is missing"
    ) in message


@pytest.mark.reference
def test_shape_mismatch(tmp_path, legacy):
    prefix = _write(tmp_path / "m", {"fc/kernel": np.ones((5, 4), F), "fc/bias": np.ones(4, F)})
    message = _load_fails(_dense_model(), prefix)
    assert (
        "checkpoint layer `fc` -> layer `fc`: `fc/kernel` has shape (5, 4) in the checkpoint, "
        "the layer's `kernel` has shape (3, 4)"
    ) in message
    x = keras.Input((5, 3))
    model = keras.Model(x, keras.layers.LSTM(7, name="enc")(x))
    message = _load_fails(model, legacy["root"] / "lstm")
    assert (
        "checkpoint layer `rnn/lstm_cell` -> layer `lstm_cell (in enc)`: `kernel` converted "
        "from kernel (9, 24), bias (24,) float32 has shape (3, 24) in the checkpoint, the "
        "layer's `kernel` has shape (3, 28)"
    ) in message


def test_unknown_variable(tmp_path, capsys):
    # An LSTM with peepholes stores `w_f_diag` ...: Keras 3's LSTMCell has nothing to hold it.
    prefix = _write(
        tmp_path / "p",
        {"rnn/lstm_cell/kernel": np.ones((5, 8), F), "rnn/lstm_cell/bias": np.ones(8, F),
         "rnn/lstm_cell/w_f_diag": np.ones(2, F)},
    )  # fmt: skip
    x = keras.Input((4, 3))
    model = keras.Model(x, keras.layers.LSTM(2)(x))
    message = _load_fails(model, prefix)
    assert "the checkpoint has `rnn/lstm_cell/w_f_diag` in the layer's scope" in message
    with pytest.raises(ValueError, match=r"`rnn/lstm_cell/w_f_diag` in its scope"):
        convert_checkpoint(prefix, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert checkpoints.main(["inspect", prefix]) == 0
    assert (
        "not loadable: checkpoint layer `rnn/lstm_cell` has `rnn/lstm_cell/w_f_diag` in its "
        "scope, which no Keras weight holds"
    ) in capsys.readouterr().out
    # A cell-named scope whose kernel fits no cell (num_proj=2 < units) is not a dense layer.
    prefix = _write(
        tmp_path / "j",
        {"rnn/lstm_cell/kernel": np.ones((5, 24), F), "rnn/lstm_cell/bias": np.ones(24, F)},
    )
    assert (
        "checkpoint scope `rnn/lstm_cell` is not a layer of a known kind: the shapes `bias` "
        "(24,), `kernel` (5, 24) do not fit together as a lstm or basic_rnn or dense or conv layer"
    ) in _load_fails(model, prefix)
    # A kernel that fits no kind is named too.
    prefix = _write(tmp_path / "k", {"fc/kernel": np.ones((3, 4), F), "odd/kernel": np.ones(3, F)})
    message = _load_fails(_dense_model(use_bias=False), prefix)
    assert (
        "checkpoint scope `odd` is not a layer of a known kind: the shapes `kernel` (3,) do not "
        "fit together as a dense or conv layer"
    ) in message


@pytest.mark.reference
def test_gru_with_reset_after_is_refused(legacy):
    x = keras.Input((5, 3))
    model = keras.Model(x, keras.layers.GRU(5, return_sequences=True)(x))
    message = _load_fails(model, legacy["root"] / "gru")
    assert "a v1 GRU cell loads only into GRUCell(reset_after=False)" in message
