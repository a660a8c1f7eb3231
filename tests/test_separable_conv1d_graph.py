"""Graph-mode behaviour of `compat_layers` compared with TensorFlow's own legacy layer.

Every scenario below is a self-contained function of `L`, the module that provides
`SeparableConv1D` and `separable_conv1d`. The oracle process runs the same source with
`L = tf.compat.v1.layers` under `TF_USE_LEGACY_KERAS=1` (one process for the whole module);
each test runs one scenario with `L = compat_layers` and compares the recorded results.
Scenarios return plain JSON data so both sides are compared through the same encoding.
"""

from __future__ import annotations

import copy
import inspect
import json
import sys
import textwrap
import warnings

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    # The functional form's deprecation warning is checked once, in test_functional_form_warns.
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]


# --------------------------------------------------------------------------------------------
# Helpers shipped to the oracle together with the scenarios (they only use tf, np and v1).


def _var_table(key="variables"):
    return [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in v1.get_collection(key)]


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy layer raises
        return [type(exc).__name__, str(exc).splitlines()[0]]
    return None


def _init(shape, seed, scale=0.5):
    values = np.random.RandomState(seed).uniform(-scale, scale, shape).astype(np.float32)
    return v1.constant_initializer(values)


def _inits(kernel_size, channels, multiplier, filters, seed):
    return dict(
        depthwise_initializer=_init((kernel_size, channels, multiplier), seed),
        pointwise_initializer=_init((1, channels * multiplier, filters), seed + 1),
        bias_initializer=_init((filters,), seed + 2),
    )


def _scope_of(tensor):
    return tensor.op.name.rsplit("/", 1)[0]


def _categories(warning):
    # A subclass of the legacy category is caught by the same filters, so the MRO is kept.
    return [c.__name__ for c in warning.category.__mro__]


def _x(shape, seed=0, dtype=np.float32):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(dtype)


# --------------------------------------------------------------------------------------------
# Scenarios.


def scenario_nested_scopes(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        with v1.variable_scope("enc"):
            with v1.variable_scope("block"):
                a = L.separable_conv1d(x, 8, 3)
            b = L.separable_conv1d(x, 5, 3, name="c1", depth_multiplier=2, activation=tf.nn.relu)
        c = L.separable_conv1d(x, 6, 2)
        with v1.variable_scope("dec"):
            layer = L.SeparableConv1D(3, 3, use_bias=False)
            d = layer(x)
        return {
            "global": _var_table(v1.GraphKeys.GLOBAL_VARIABLES),
            "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "output_scopes": [_scope_of(t) for t in (a, b, c, d)],
            "output_names": [t.name for t in (a, b, c, d)],
            "output_shapes": [t.shape.as_list() for t in (a, b, c, d)],
            "class_layer": [layer.name, layer.scope_name],
        }


def scenario_unnamed_numbering(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        first = L.SeparableConv1D(3, 3)
        second = L.SeparableConv1D(3, 3)
        before = [first.name, second.name, _error(lambda: first.scope_name)]
        outs = [L.separable_conv1d(x, 3, 3), L.separable_conv1d(x, 3, 3)]
        second(x)
        first(x)
        outs.append(L.separable_conv1d(x, 3, 3))
        return {
            "before": before,
            "after": [first.name, first.scope_name, second.name, second.scope_name],
            "output_scopes": [_scope_of(t) for t in outs],
            "global": _var_table(),
        }


def scenario_two_layers_named_conv(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        a = L.SeparableConv1D(3, 3, name="conv")
        b = L.SeparableConv1D(3, 3, name="conv")
        ya, yb = a(x), b(x)
        return {
            "names": [a.name, b.name, a.scope_name, b.scope_name],
            "output_scopes": [_scope_of(ya), _scope_of(yb)],
            "global": _var_table(),
        }


def scenario_second_call(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        layer = L.SeparableConv1D(3, 3, activation=tf.nn.relu)
        y1 = layer(x)
        y2 = layer(x)
        return {
            "global": _var_table(),
            "output_scopes": [_scope_of(y1), _scope_of(y2)],
            "same_weights": [a is b for a, b in zip(layer.weights, layer.variables, strict=True)],
            "n_weights": len(layer.weights),
        }


def scenario_name_scope(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        with tf.name_scope("ns"):
            y = L.separable_conv1d(x, 3, 3)
            layer = L.SeparableConv1D(3, 3, name="named")
            z = layer(x)
        return {
            "global": _var_table(),
            "output_scopes": [_scope_of(y), _scope_of(z)],
            "scope_name": layer.scope_name,
        }


def scenario_repeated_name_without_reuse(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        L.separable_conv1d(x, 3, 3, name="c1")
        error = _error(lambda: L.separable_conv1d(x, 3, 3, name="c1"))
        return {"error": error, "global": _var_table()}


def scenario_reuse_missing(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        functional = _error(lambda: L.separable_conv1d(x, 3, 3, name="nope", reuse=True))

        def in_reusing_scope():
            with v1.variable_scope("outer", reuse=True):
                L.separable_conv1d(x, 3, 3, name="inner")

        scoped = _error(in_reusing_scope)
        return {"functional": functional, "scoped": scoped, "global": _var_table()}


def scenario_reuse_sharing(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        outs = []
        kw = dict(filters=3, kernel_size=3)
        outs.append(L.separable_conv1d(x, name="s", **kw))
        outs.append(L.separable_conv1d(x, name="s", reuse=True, **kw))
        outs.append(L.separable_conv1d(x, name="auto", reuse=v1.AUTO_REUSE, **kw))
        outs.append(L.separable_conv1d(x, name="auto", reuse=v1.AUTO_REUSE, **kw))
        with v1.variable_scope("blk"):
            outs.append(L.separable_conv1d(x, **kw))
        with v1.variable_scope("blk", reuse=True):
            outs.append(L.separable_conv1d(x, **kw))
        for _ in range(2):
            with v1.variable_scope("loop", reuse=v1.AUTO_REUSE):
                outs.append(L.separable_conv1d(x, name="named", **kw))
        for _ in range(2):
            with v1.variable_scope("loop_unnamed", reuse=v1.AUTO_REUSE):
                outs.append(L.separable_conv1d(x, **kw))
        with v1.variable_scope("outer") as outer:
            outs.append(L.separable_conv1d(x, name="o", **kw))
        with v1.variable_scope(outer, reuse=True):
            outs.append(L.separable_conv1d(x, name="o", **kw))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = sess.run(outs, {x: _x([2, 12, 4])})
        return {
            "global": _var_table(),
            "equal_pairs": [
                bool(np.array_equal(values[i], values[i + 1])) for i in range(0, len(values), 2)
            ],
            "output_scopes": [_scope_of(t) for t in outs],
        }


def scenario_collections(L):
    def reg(scale):
        return lambda w: scale * tf.reduce_sum(tf.square(w))

    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        frozen = L.SeparableConv1D(3, 3, trainable=False, name="frozen")
        frozen(x)
        regs = dict(
            depthwise_regularizer=reg(0.1),
            pointwise_regularizer=reg(0.2),
            bias_regularizer=reg(0.3),
            **_inits(3, 4, 1, 3, seed=10),
        )
        L.separable_conv1d(x, 3, 3, name="r", **regs)
        count_after_first = len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES))
        L.separable_conv1d(x, 3, 3, name="r", reuse=True, **regs)
        count_after_reuse = len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES))
        layer = L.SeparableConv1D(
            3, 3, depthwise_regularizer="l2", name="string_reg", **_inits(3, 4, 1, 3, seed=20)
        )
        layer(x)
        layer_losses_first = len(layer.losses)
        layer(x)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            reg_values = sess.run(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES))
        return {
            "global": _var_table(v1.GraphKeys.GLOBAL_VARIABLES),
            "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "frozen_trainable_weights": [v.name for v in frozen.trainable_weights],
            "frozen_non_trainable_weights": [v.name for v in frozen.non_trainable_weights],
            "reg_counts": [count_after_first, count_after_reuse],
            "reg_values": [float(v) for v in reg_values],
            "layer_losses": [layer_losses_first, len(layer.losses)],
            "update_ops": len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)),
            "layer_updates": len(layer.updates),
        }


def scenario_losses_match_collection(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        layer = L.SeparableConv1D(
            3,
            3,
            depthwise_regularizer=lambda w: tf.reduce_sum(w),
            pointwise_regularizer=lambda w: tf.reduce_sum(w),
            activity_regularizer=lambda y: tf.reduce_sum(y),
            **_inits(3, 4, 1, 3, seed=30),
        )
        layer(x)
        collection = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            feed = {x: _x([2, 12, 4], seed=3)}
            layer_values = sorted(float(v) for v in sess.run(layer.losses, feed))
            collection_values = sorted(float(v) for v in sess.run(collection, feed))
        return {"layer": layer_values, "collection": collection_values}


def scenario_constraints(L):
    def clip(w):
        return tf.clip_by_value(w, -0.1, 0.1)

    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        a = L.SeparableConv1D(3, 3, depthwise_constraint=clip, bias_constraint=clip)
        a(x)
        b = L.SeparableConv1D(3, 3, pointwise_constraint=clip)
        b(x)
        return {
            "is_clip": [
                [v.name, getattr(v, "constraint", None) is clip] for v in a.weights + b.weights
            ],
            "is_none": [
                [v.name, getattr(v, "constraint", None) is None] for v in a.weights + b.weights
            ],
        }


def scenario_scope_initializer(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        with v1.variable_scope("init", initializer=v1.constant_initializer(0.5)):
            a = L.SeparableConv1D(3, 3)
            a(x)
            b = L.SeparableConv1D(3, 3, bias_initializer=None)
            b(x)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = sess.run(a.weights + b.weights)
        return {
            "names": [v.name for v in a.weights + b.weights],
            "values": [v.tolist() for v in values],
        }


def scenario_dtypes(L):
    result = {}
    for dtype in ("float16", "float32", "float64"):
        with tf.Graph().as_default():
            x = v1.placeholder(dtype, [2, 12, 4])
            y = L.separable_conv1d(x, 3, 3, **_inits(3, 4, 1, 3, seed=40))
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                out = sess.run(y, {x: _x([2, 12, 4], seed=4, dtype=dtype)})
            result[dtype] = {
                "global": _var_table(),
                "output_dtype": y.dtype.name,
                "resource": [hasattr(v, "handle") for v in v1.global_variables()],
                "values": out.astype(np.float64).tolist(),
            }
    return result


def _numeric_configs():
    return [
        dict(filters=5, kernel_size=3),
        dict(filters=5, kernel_size=3, padding="same"),
        dict(filters=5, kernel_size=4, padding="SAME"),
        dict(filters=5, kernel_size=3, padding="causal"),
        dict(filters=5, kernel_size=3, padding="causal", dilation_rate=2),
        dict(filters=5, kernel_size=3, strides=2),
        dict(filters=5, kernel_size=3, strides=3, padding="same"),
        dict(filters=5, kernel_size=3, dilation_rate=2),
        dict(filters=5, kernel_size=(3,), strides=(1,), dilation_rate=(3,), padding="same"),
        dict(filters=5, kernel_size=3, depth_multiplier=3),
        dict(filters=5, kernel_size=3, activation="relu"),
        dict(filters=5, kernel_size=3, activation=tf.nn.tanh, use_bias=False),
    ]


NUMERIC_CONFIGS = _numeric_configs()


def scenario_numerics(L):
    def run(config):
        with tf.Graph().as_default():
            mult = config.get("depth_multiplier", 1)
            x = v1.placeholder(tf.float32, [3, 17, 4])
            k = np.ravel(config["kernel_size"])[0]
            y = L.separable_conv1d(x, **config, **_inits(k, 4, mult, 5, seed=50))
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                return sess.run(y, {x: _x([3, 17, 4], seed=5)}).tolist()

    # One entry per configuration, an error included, so each test reports its own case.
    result = []
    for config in _numeric_configs():
        try:
            result.append({"value": run(config)})
        except Exception as exc:  # recorded per case, compared by the tests
            result.append({"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"})
    return result


def scenario_channels_first_graph(L):
    # Channels-first depthwise convolution has no CPU kernel, so only the graph is compared.
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4, 12])
        y = L.separable_conv1d(x, 3, 3, data_format="channels_first", padding="same")
        return {"global": _var_table(), "output_shape": y.shape.as_list()}


def scenario_warnings(L):
    here = sys._getframe().f_code.co_filename
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        with warnings.catch_warnings(record=True) as functional:
            warnings.simplefilter("always")
            L.separable_conv1d(x, 3, 3)
        with warnings.catch_warnings(record=True) as class_form:
            warnings.simplefilter("always")
            L.SeparableConv1D(3, 3)(x)
        return {
            "functional": [
                [_categories(w), str(w.message), w.filename == here] for w in functional
            ],
            "class_form": [[_categories(w), str(w.message)] for w in class_form],
        }


def scenario_graph_property(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 12, 4])
        layer = L.SeparableConv1D(3, 3)
        layer(x)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = layer.graph
        return {
            "is_none": value is None,
            "warnings": [_categories(w) for w in caught],
        }


def scenario_checkpoint(L, mode, ckpt_dir):
    """Build, then either train a step and save (oracle) or restore (compat), then step again."""
    with tf.Graph().as_default():
        v1.set_random_seed(7)
        x = v1.placeholder(tf.float32, [4, 16, 6])
        target = tf.constant(_x([4, 16, 4], seed=9))
        with v1.variable_scope("model"):
            h = L.separable_conv1d(x, 8, 3, activation=tf.nn.relu, padding="same", name="conv1")
            layer = L.SeparableConv1D(
                4,
                3,
                padding="causal",
                depth_multiplier=2,
                depthwise_regularizer=lambda w: 0.01 * tf.reduce_sum(tf.square(w)),
            )
            y = layer(h)
        loss = tf.reduce_mean(tf.square(y - target)) + tf.add_n(
            v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        )
        step = v1.train.get_or_create_global_step()
        train = v1.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        saver = v1.train.Saver()
        feed = {x: _x([4, 16, 6], seed=8)}
        with v1.Session() as sess:
            if mode == "save":
                sess.run(v1.global_variables_initializer())
                sess.run(train, feed)
                saver.save(sess, ckpt_dir + "/model")
            else:
                saver.restore(sess, ckpt_dir + "/model")
            restored = sess.run([y, loss], feed)
            sess.run(train, feed)
            stepped = sess.run([y, loss], feed)
        return {
            "global": _var_table(),
            "restored_y": restored[0].tolist(),
            "restored_loss": float(restored[1]),
            "stepped_y": stepped[0].tolist(),
            "stepped_loss": float(stepped[1]),
        }


SCENARIOS = [
    scenario_nested_scopes,
    scenario_unnamed_numbering,
    scenario_two_layers_named_conv,
    scenario_second_call,
    scenario_name_scope,
    scenario_repeated_name_without_reuse,
    scenario_reuse_missing,
    scenario_reuse_sharing,
    scenario_collections,
    scenario_losses_match_collection,
    scenario_constraints,
    scenario_scope_initializer,
    scenario_dtypes,
    scenario_numerics,
    scenario_channels_first_graph,
    scenario_warnings,
    scenario_graph_property,
]
_HELPERS = [_var_table, _error, _init, _inits, _scope_of, _categories, _x, _numeric_configs]


def _oracle_script(ckpt_dir: str) -> str:
    sources = [inspect.getsource(f) for f in _HELPERS + SCENARIOS + [scenario_checkpoint]]
    runner = textwrap.dedent(
        f"""
        RESULTS = {{}}
        for fn in [{", ".join(f.__name__ for f in SCENARIOS)}]:
            try:
                RESULTS[fn.__name__] = {{"value": fn(v1.layers)}}
            except Exception as exc:
                RESULTS[fn.__name__] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
        saved = scenario_checkpoint(v1.layers, "save", {ckpt_dir!r})
        RESULTS["scenario_checkpoint"] = {{"value": saved}}
        save_json(RESULTS)
        """
    )
    prelude = "import sys\nimport warnings\nimport tensorflow as tf\nv1 = tf.compat.v1\n"
    return prelude + "\n".join(sources) + runner


def _jsonable(value):
    return json.loads(json.dumps(value))


@pytest.fixture(scope="module")
def ckpt_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("legacy_ckpt"))


@pytest.fixture(scope="module")
def oracle(ckpt_dir) -> dict:
    return run_reference(_oracle_script(ckpt_dir)).json


def _expected(oracle: dict, scenario) -> object:
    entry = oracle[scenario.__name__]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {scenario.__name__}: {entry['crash']}")
    return entry["value"]


_RUNS: dict = {}


def _run(scenario, *args):
    # Scenarios build their own graphs and return plain data, so one run serves every test
    # that reads it; the cache keeps the module within its time budget.
    key = (scenario.__name__, *args)
    if key not in _RUNS:
        _RUNS[key] = _jsonable(scenario(compat_layers, *args))
    return copy.deepcopy(_RUNS[key])


# --------------------------------------------------------------------------------------------
# Tests.


def test_variables_named_under_nested_scopes(oracle):
    expected = _expected(oracle, scenario_nested_scopes)
    assert "enc/block/separable_conv1d/depthwise_kernel:0" in [r[0] for r in expected["global"]]
    actual = _run(scenario_nested_scopes)
    assert actual["global"] == expected["global"]
    assert actual["trainable"] == expected["trainable"]
    assert actual["output_shapes"] == expected["output_shapes"]
    assert actual["class_layer"] == expected["class_layer"]


def test_output_tensors_keep_their_legacy_names(oracle):
    # TF1 code fetches tensors by name (`graph.get_tensor_by_name("enc/c1/Relu:0")`, frozen graphs).
    expected = _expected(oracle, scenario_nested_scopes)
    assert "enc/c1/Relu:0" in expected["output_names"]
    assert _run(scenario_nested_scopes)["output_names"] == expected["output_names"]


def test_ops_live_in_the_layer_name_scope(oracle):
    expected = _expected(oracle, scenario_nested_scopes)
    actual = _run(scenario_nested_scopes)
    assert actual["output_scopes"] == expected["output_scopes"]


def test_unnamed_layers_are_numbered_like_legacy(oracle):
    expected = _expected(oracle, scenario_unnamed_numbering)
    actual = _run(scenario_unnamed_numbering)
    assert actual["before"][:2] == expected["before"][:2]
    assert actual["after"] == expected["after"]
    assert actual["global"] == expected["global"]
    assert actual["output_scopes"] == expected["output_scopes"]


def test_scope_name_before_first_call_raises(oracle):
    expected = _expected(oracle, scenario_unnamed_numbering)["before"][2]
    actual = _run(scenario_unnamed_numbering)["before"][2]
    assert expected[0] == "ValueError"
    assert actual is not None and actual[0] == expected[0]
    assert "has not been used yet" in actual[1]


def test_two_class_layers_named_conv(oracle):
    expected = _expected(oracle, scenario_two_layers_named_conv)
    assert expected["names"][2:] == ["conv", "conv_1"]
    assert _run(scenario_two_layers_named_conv) == expected


def test_second_call_reuses_variables_and_name_scope(oracle):
    expected = _expected(oracle, scenario_second_call)
    assert _run(scenario_second_call) == expected


def test_name_scope_does_not_prefix_variables(oracle):
    expected = _expected(oracle, scenario_name_scope)
    assert not any(name.startswith("ns/") for name, _, _ in expected["global"])
    assert _run(scenario_name_scope) == expected


def test_functional_repeated_name_without_reuse_raises(oracle):
    expected = _expected(oracle, scenario_repeated_name_without_reuse)
    assert expected["error"][0] == "ValueError"
    assert _run(scenario_repeated_name_without_reuse) == expected


def test_reuse_of_missing_name_raises(oracle):
    expected = _expected(oracle, scenario_reuse_missing)
    assert expected["functional"][0] == "ValueError"
    assert _run(scenario_reuse_missing) == expected


def test_reuse_true_auto_reuse_and_scope_reuse_share_like_legacy(oracle):
    expected = _expected(oracle, scenario_reuse_sharing)
    actual = _run(scenario_reuse_sharing)
    assert actual["global"] == expected["global"]
    assert actual["equal_pairs"] == expected["equal_pairs"]


def test_reused_calls_name_their_ops_like_legacy(oracle):
    expected = _expected(oracle, scenario_reuse_sharing)
    assert _run(scenario_reuse_sharing)["output_scopes"] == expected["output_scopes"]


def test_collections_trainable_and_regularization(oracle):
    expected = _expected(oracle, scenario_collections)
    actual = _run(scenario_collections)
    for key in (
        "global",
        "trainable",
        "frozen_trainable_weights",
        "frozen_non_trainable_weights",
        "reg_counts",
        "layer_losses",
    ):
        assert actual[key] == expected[key], key
    np.testing.assert_allclose(actual["reg_values"], expected["reg_values"], rtol=1e-6)


def test_update_ops_stay_empty(oracle):
    expected = _expected(oracle, scenario_collections)
    actual = _run(scenario_collections)
    assert (actual["update_ops"], actual["layer_updates"]) == (
        expected["update_ops"],
        expected["layer_updates"],
    )


def test_layer_losses_are_the_collection_entries(oracle):
    expected = _expected(oracle, scenario_losses_match_collection)
    actual = _run(scenario_losses_match_collection)
    assert len(actual["layer"]) == len(expected["layer"])
    np.testing.assert_allclose(actual["layer"], expected["layer"], rtol=1e-6)
    np.testing.assert_allclose(actual["collection"], expected["collection"], rtol=1e-6)


def test_variable_constraint_is_set(oracle):
    expected = _expected(oracle, scenario_constraints)
    assert _run(scenario_constraints) == expected


def test_scope_initializer_reaches_kernels_not_bias(oracle):
    expected = _expected(oracle, scenario_scope_initializer)
    actual = _run(scenario_scope_initializer)
    assert actual["names"] == expected["names"]
    for got, want in zip(actual["values"], expected["values"], strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_variables_follow_input_dtype(oracle, dtype):
    expected = _expected(oracle, scenario_dtypes)[dtype]
    actual = _run(scenario_dtypes)[dtype]
    assert actual["global"] == expected["global"]
    assert actual["output_dtype"] == expected["output_dtype"]
    assert actual["resource"] == expected["resource"]
    tol = {"float16": 1e-3, "float32": 1e-6, "float64": 1e-12}[dtype]
    np.testing.assert_allclose(actual["values"], expected["values"], rtol=tol, atol=tol)


@pytest.mark.parametrize(
    "index", range(len(NUMERIC_CONFIGS)), ids=lambda i: str(NUMERIC_CONFIGS[i])
)
def test_outputs_match_legacy(oracle, index):
    expected = _expected(oracle, scenario_numerics)[index]
    actual = _run(scenario_numerics)[index]
    assert "value" in expected, expected
    assert "value" in actual, actual
    actual, expected = actual["value"], expected["value"]
    assert np.shape(actual) == np.shape(expected)
    np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-6)


def test_channels_first_graph(oracle):
    expected = _expected(oracle, scenario_channels_first_graph)
    assert _run(scenario_channels_first_graph) == expected


def test_functional_form_warns_naming_replacement_and_codemod(oracle):
    expected = _expected(oracle, scenario_warnings)
    actual = _run(scenario_warnings)
    assert len(expected["functional"]) == 1
    assert len(actual["functional"]) == 1, actual["functional"]
    categories, message, points_at_caller = actual["functional"][0]
    assert expected["functional"][0][0][0] in categories
    assert points_at_caller == expected["functional"][0][2]
    assert "SeparableConv1D" in message
    assert "tf1-migrate" in message


def test_class_form_warns_like_legacy(oracle):
    expected = _expected(oracle, scenario_warnings)
    assert _run(scenario_warnings)["class_form"] == expected["class_form"]


def test_graph_property(oracle):
    expected = _expected(oracle, scenario_graph_property)
    actual = _run(scenario_graph_property)
    assert actual["is_none"] == expected["is_none"]
    assert len(actual["warnings"]) == len(expected["warnings"]) == 1
    assert expected["warnings"][0][0] in actual["warnings"][0]


def test_legacy_checkpoint_restores_with_identical_outputs(oracle, ckpt_dir):
    expected = oracle["scenario_checkpoint"]["value"]
    checkpoint_names = sorted(name for name, _ in tf.train.list_variables(ckpt_dir + "/model"))
    actual = _run(scenario_checkpoint, "restore", ckpt_dir)
    assert sorted(n[0].split(":")[0] for n in actual["global"]) == checkpoint_names
    assert actual["global"] == expected["global"]
    np.testing.assert_array_equal(actual["restored_y"], expected["restored_y"])
    assert actual["restored_loss"] == expected["restored_loss"]
    # A training step from the restored state follows the legacy graph's gradients.
    np.testing.assert_allclose(actual["stepped_y"], expected["stepped_y"], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(actual["stepped_loss"], expected["stepped_loss"], rtol=1e-6)
