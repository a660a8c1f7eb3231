"""`Dense`, `Dropout`, `Flatten` and their functions compared with TensorFlow's legacy layers.

Graph scenarios run once in a `TF_USE_LEGACY_KERAS=1` oracle process with
`L = tf.compat.v1.layers` and here with `L = compat_layers` (see tests/_oracle.py);
eager, `tf.function`, distribution and checkpoint tests compare with raw TensorFlow ops.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
import compat_layers.core
from tests._oracle import (
    assert_bitwise,
    error,
    expected,
    init_of,
    run_here,
    run_oracle,
    scope_of,
    signature_of,
    var_table,
    x_of,
)

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]


# ------------------------------------------------------------------------------------------
# Scenarios (functions of L, shipped to the oracle as source).


def scenario_names(L):
    def l2(w):
        return 0.01 * tf.reduce_sum(tf.square(w))

    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 5])
        x3 = v1.placeholder(tf.float32, [2, 3, 5])
        x4 = v1.placeholder(tf.float32, [2, 3, 4, 5])
        outs = []
        with v1.variable_scope("enc"):
            outs.append(L.dense(x, 4))
            outs.append(L.dense(x3, 4, activation=tf.nn.relu, name="d3"))
            outs.append(L.dense(x4, 2, use_bias=False, kernel_regularizer=l2))
        first, second = L.Dense(3), L.Dense(3, bias_regularizer=l2)
        numbering = [first.name, second.name]
        outs.append(second(x))
        outs.append(first(x3))
        outs.append(L.dense(x, 3, trainable=False))
        outs.append(L.dropout(x3, 0.3, training=True))
        outs.append(L.dropout(x3, name="drop"))
        outs.append(L.Dropout(0.2, noise_shape=[None, 1, 5])(x3, training=True))
        outs.append(L.flatten(x4))
        outs.append(L.flatten(x4, data_format="channels_first", name="flat"))
        outs.append(L.Flatten()(v1.placeholder(tf.float32, [None, 3, None])))
        outs.append(L.flatten(v1.placeholder(tf.float32, [4])))
        return {
            "global": var_table(),
            "trainable": var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "losses": [t.name for t in v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)],
            "updates": len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)),
            "output_names": [t.name for t in outs],
            "output_shapes": [t.shape.as_list() for t in outs],
            "numbering": numbering + [first.scope_name, second.scope_name],
            # Legacy `losses` re-evaluated its regularizers outside any scope (new tensors
            # on each read); the compat layer returns the collection's entries: count only.
            "layer_losses": len(second.losses),
        }


def scenario_reuse(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 5])
        outs = [L.dense(x, 3, name="s"), L.dense(x, 3, name="s", reuse=True)]
        for _ in range(2):
            outs.append(L.dense(x, 3, name="auto", reuse=v1.AUTO_REUSE))
        with v1.variable_scope("blk"):
            outs.append(L.dense(x, 3))
        with v1.variable_scope("blk", reuse=True):
            outs.append(L.dense(x, 3))
        layer = L.Dense(3, name="twice")
        outs += [layer(x), layer(x)]
        repeated = error(lambda: L.dense(x, 3, name="s"))
        missing = error(lambda: L.dense(x, 3, name="nope", reuse=True))
        return {
            "global": var_table(),
            "output_scopes": [scope_of(t) for t in outs],
            "repeated": repeated[0] if repeated else None,
            "missing": missing[0] if missing else None,
        }


def _dense_configs():
    return [
        dict(shape=[3, 5], units=4),
        dict(shape=[3, 5], units=4, activation="relu"),
        dict(shape=[3, 5], units=4, use_bias=False, activation=tf.nn.tanh),
        dict(shape=[2, 3, 5], units=4),
        dict(shape=[2, 3, 2, 5], units=6, activation=tf.nn.sigmoid),
        dict(shape=[3, 5], units=4, dtype="float64"),
        dict(shape=[2, 3, 5], units=4, dtype="float16"),
    ]


def scenario_dense_numerics(L):
    result = []
    for config in _dense_configs():
        config = dict(config)
        shape, dtype = config.pop("shape"), tf.as_dtype(config.pop("dtype", "float32"))
        with tf.Graph().as_default():
            x = v1.placeholder(dtype, shape)
            y = L.dense(
                x,
                kernel_initializer=init_of([shape[-1], config["units"]], 11),
                bias_initializer=init_of([config["units"]], 12),
                **config,
            )
            grads = tf.gradients(tf.reduce_sum(y * y), [x, *v1.trainable_variables()])
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                values = sess.run([y, *grads], {x: x_of(shape, 3, dtype.as_numpy_dtype)})
        result.append([v.astype(np.float64).tolist() for v in values])
    return result


def scenario_flatten_numerics(L):
    out = {}
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 3, 4, 5])
        ys = [
            L.flatten(x),
            L.flatten(x, data_format="channels_first"),
            L.Flatten("CHANNELS_FIRST")(x),
        ]
        with v1.Session() as sess:
            out["values"] = [v.tolist() for v in sess.run(ys, {x: x_of([2, 3, 4, 5], 4)})]
    return out


def scenario_dropout(L):
    out = {}
    data = np.ones([4, 3, 6], np.float32)
    with tf.Graph().as_default():
        v1.set_random_seed(3)
        x = tf.constant(data)
        training = v1.placeholder(tf.bool, [])
        layer = L.Dropout(0.4, seed=7)
        ys = [layer(x, training=True), layer(x, training=True)]  # seeds 7 then 8
        ys.append(L.dropout(x, 0.5, training=True))  # op seed from the graph
        ys.append(L.dropout(x, 0.5, noise_shape=[None, 1, 6], seed=2, training=True))
        ys.append(L.dropout(x, 0.25, seed=1, training=training))
        ys.append(L.dropout(x))  # training=False by default
        ys.append(L.dropout(x, 0.0, training=True))
        ys.append(L.Dropout(0.5, seed=4)(x))  # the class's call defaults to training=False
        names = [t.name for t in ys]
        with v1.Session() as sess:
            fed = [sess.run(ys[4], {training: flag}).tolist() for flag in (True, False)]
            rest = sess.run(ys[:4] + ys[5:], {training: True})
        out["values"] = [v.tolist() for v in rest] + fed
        out["names"] = names
    return out


def _errors():
    return [
        ("dense_rank1", lambda L, x: L.dense(x[1], 3)),
        ("dense_unknown_last", lambda L, x: L.dense(x[2], 3)),
        ("dense_negative", lambda L, x: L.dense(x[0], -2)),
        ("dropout_rate", lambda L, x: L.Dropout(1.5)),
        ("flatten_format", lambda L, x: L.Flatten(data_format="nhwc")),
        ("dense_int", lambda L, x: L.dense(x[3], 3)),
    ]


def scenario_errors(L):
    out = {}
    for key, fn in _errors():
        with tf.Graph().as_default():
            x = [
                v1.placeholder(tf.float32, [2, 5]),
                v1.placeholder(tf.float32, [5]),
                v1.placeholder(tf.float32, [2, None]),
                v1.placeholder(tf.int32, [2, 5]),
            ]
            out[key] = {"error": error(lambda fn=fn, x=x: fn(L, x)), "global": var_table()}
    with tf.Graph().as_default():
        layer = L.Dense(3)
        layer(v1.placeholder(tf.float32, [2, 5]))
        out["dense_changed_last"] = {
            "error": error(lambda: layer(v1.placeholder(tf.float32, [2, 6]))),
            "global": var_table(),
        }
    return out


def scenario_signatures(L):
    names = ["Dense", "Dropout", "Flatten", "dense", "dropout", "flatten"]
    return {name: signature_of(getattr(L, name)) for name in names}


def scenario_api(L):
    with tf.Graph().as_default():
        layer = L.Dense(4, activation="relu", name="api")
        y = layer.apply(v1.placeholder(tf.float32, [None, 3]))
        config = layer.get_config()
        drop, flat = L.Dropout(0.3, noise_shape=[1, 3], seed=2), L.Flatten("channels_first")
        # The legacy Dense cast later inputs of another floating dtype to its own.
        cast = layer(v1.placeholder(tf.float64, [None, 3]))
        wide = L.Dense(2, dtype="float64")(v1.placeholder(tf.float32, [None, 3]))
        return {
            "count_params": layer.count_params(),
            "output_shape": y.shape.as_list(),
            "computed": layer.compute_output_shape(tf.TensorShape([None, 7, 3])).as_list(),
            "flatten_computed": flat.compute_output_shape(tf.TensorShape([2, 3, 4])).as_list(),
            "config": {k: config[k] for k in ("name", "units", "use_bias", "trainable")},
            "dropout_config": {k: drop.get_config()[k] for k in ("rate", "noise_shape", "seed")},
            "flatten_config": flat.get_config()["data_format"],
            "names": [layer.name, layer.scope_name, len(layer.weights)],
            "cast": [cast.dtype.name, wide.dtype.name, var_table()[-1]],
        }


def scenario_checkpoint(L):
    """A legacy-built graph saved by `Saver`; the compat one restores it by name."""
    import os
    import tempfile

    # The oracle is a child of the test process: both name the directory after that pid.
    owner = os.getpid() if L.__name__ == "compat_layers" else os.getppid()
    path = os.path.join(tempfile.gettempdir(), f"tf1_compat_core_ckpt_{owner}", "model")
    with tf.Graph().as_default():
        x = tf.constant(x_of([3, 2, 5], 6))
        with v1.variable_scope("model"):
            h = L.dense(x, 8, activation=tf.nn.relu, name="h")
            y = L.Dense(2)(L.flatten(h))
        with v1.Session() as sess:
            if L.__name__ != "compat_layers":
                sess.run(v1.global_variables_initializer())
                v1.train.Saver().save(sess, path)
            else:
                v1.train.Saver().restore(sess, path)
            return {"y": sess.run(y).tolist(), "global": var_table()}


SCENARIOS = [
    scenario_names,
    scenario_reuse,
    scenario_dense_numerics,
    scenario_flatten_numerics,
    scenario_dropout,
    scenario_errors,
    scenario_signatures,
    scenario_api,
    scenario_checkpoint,
]


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_oracle(SCENARIOS, helpers=[_dense_configs, _errors])


# ------------------------------------------------------------------------------------------
# Graph behaviour against the legacy layers.


def test_variables_collections_and_losses_match_legacy(oracle):
    want, got = expected(oracle, scenario_names), run_here(scenario_names)
    assert "enc/d3/kernel:0" in [row[0] for row in want["global"]]
    for key in ("global", "trainable", "losses", "updates", "numbering", "layer_losses"):
        assert got[key] == want[key], key


def test_output_tensor_names_and_shapes_match_legacy(oracle):
    want, got = expected(oracle, scenario_names), run_here(scenario_names)
    assert "enc/d3/Relu:0" in want["output_names"]
    assert got["output_names"] == want["output_names"]
    assert got["output_shapes"] == want["output_shapes"]


def test_reuse_and_repeated_names_match_legacy(oracle):
    want = expected(oracle, scenario_reuse)
    assert want["repeated"] == "ValueError" and want["missing"] == "ValueError"
    assert run_here(scenario_reuse) == want


@pytest.mark.parametrize("index", range(len(_dense_configs())), ids=lambda i: str(i))
def test_dense_outputs_and_gradients_bit_identical(oracle, index):
    want = expected(oracle, scenario_dense_numerics)[index]
    got = run_here(scenario_dense_numerics)[index]
    assert len(got) == len(want)
    for actual, wanted in zip(got, want, strict=True):
        assert_bitwise(actual, wanted)


def test_flatten_element_order_matches_legacy(oracle):
    want = expected(oracle, scenario_flatten_numerics)["values"]
    got = run_here(scenario_flatten_numerics)["values"]
    for actual, wanted in zip(got, want, strict=True):
        assert_bitwise(actual, wanted)
    assert want[1] == want[2] and want[0] != want[1]


def test_dropout_masks_equal_under_seeds(oracle):
    want, got = expected(oracle, scenario_dropout), run_here(scenario_dropout)
    assert want["values"][0] != want["values"][1]  # a new seed for each training call
    for actual, wanted in zip(got["values"], want["values"], strict=True):
        assert_bitwise(actual, wanted)


def test_dropout_output_names_match_legacy(oracle):
    assert run_here(scenario_dropout)["names"] == expected(oracle, scenario_dropout)["names"]


def test_dropout_training_placeholder_and_defaults(oracle):
    values = run_here(scenario_dropout)["values"]
    ones = np.ones([4, 3, 6])
    fed_true, fed_false = values[-2], values[-1]
    assert (
        set(np.ravel(fed_true)) <= {0.0, float(np.float32(1) / np.float32(0.75))}
        and fed_true != ones.tolist()
    )
    assert fed_false == ones.tolist()
    assert values[4] == values[5] == values[6] == ones.tolist()  # default, rate 0, class default


@pytest.mark.parametrize("key", [key for key, _ in _errors()] + ["dense_changed_last"])
def test_errors_before_any_variable(oracle, key):
    want = expected(oracle, scenario_errors)[key]
    got = run_here(scenario_errors)[key]
    assert want["error"] is not None and got["error"] is not None
    assert got["global"] == want["global"] == ([] if key != "dense_changed_last" else got["global"])
    kind, message = got["error"]
    # Legacy wording kept where user code matches on it.
    legacy_words = {
        "dense_rank1": "min_ndim=2",
        "dense_unknown_last": "should be defined",
        "dropout_rate": "between 0 and 1",
        "dense_changed_last": "axis -1",
    }
    if key in legacy_words:
        assert legacy_words[key] in want["error"][1]
        assert legacy_words[key] in message
    if key != "dense_changed_last":
        assert kind == "ValueError", got
    if key in ("dense_negative", "dropout_rate", "flatten_format"):
        argument = {
            "dense_negative": "units",
            "dropout_rate": "rate",
            "flatten_format": "data_format",
        }
        assert f"Invalid value for argument `{argument[key]}`" in message
        assert f"{argument[key]}=" in message


def test_signatures_match_legacy(oracle):
    want, got = expected(oracle, scenario_signatures), run_here(scenario_signatures)
    for name in want:
        if name[0].isupper():
            # Classes: the legacy named parameters, in order, with their defaults (an
            # explicit `name=None` where legacy took it through **kwargs is allowed).
            legacy = [p[:2] for p in want[name] if p[2] != "VAR_KEYWORD"]
            assert [p[:2] for p in got[name] if p[:2] in legacy] == legacy, name
        else:
            assert got[name] == want[name], name


def test_keras2_api_matches_legacy(oracle):
    assert run_here(scenario_api) == expected(oracle, scenario_api)


def test_legacy_saver_checkpoint_restores(oracle):
    want = expected(oracle, scenario_checkpoint)
    got = run_here(scenario_checkpoint)
    shutil.rmtree(os.path.join(tempfile.gettempdir(), f"tf1_compat_core_ckpt_{os.getpid()}"))
    assert got["global"] == want["global"]
    assert_bitwise(got["y"], want["y"])


def test_functional_forms_warn_deprecated():
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 5])
        for fn in (compat_layers.dense, compat_layers.dropout, compat_layers.flatten):
            with pytest.warns(compat_layers.LegacyLayerWarning, match="is deprecated"):
                fn(x, 3) if fn is compat_layers.dense else fn(x)
