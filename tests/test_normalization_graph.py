"""Graph-mode batch normalization compared with TensorFlow's own legacy layer.

Every scenario is a self-contained function of `L`, the module providing `BatchNormalization`
and `batch_normalization`. The oracle runs them once with `L = tf.compat.v1.layers` under
`TF_USE_LEGACY_KERAS=1` (one process for the module); each test runs a scenario with
`L = compat_layers` and compares the recorded JSON (names, collections, update-op counts,
outputs, moving statistics after the updates ran).
"""

from __future__ import annotations

import copy
import inspect
import json
import textwrap

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]


# --------------------------------------------------------------------------------------------
# Helpers shipped to the oracle (they only use tf, np and v1).


def _var_table(key="variables"):
    return [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in v1.get_collection(key)]


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy layer raises
        return [type(exc).__name__, str(exc).splitlines()[0]]
    return None


def _seeded(seed, low, high):
    """An initializer of any shape (multi-axis and ghost-batch parameters are not 1-D)."""

    def init(shape, dtype=None, partition_info=None, **kwargs):
        values = np.random.RandomState(seed).uniform(low, high, shape)
        return tf.constant(values, dtype=tf.as_dtype(dtype or tf.float32))

    return init


def _inits():
    return dict(
        gamma_initializer=_seeded(1, 0.5, 1.5),
        beta_initializer=_seeded(2, -0.5, 0.5),
        moving_mean_initializer=_seeded(3, -0.3, 0.3),
        moving_variance_initializer=_seeded(4, 0.5, 2.0),
    )


def _x(shape, seed=0, dtype="float32"):
    rng = np.random.RandomState(seed)
    return (rng.normal(0.5, 1.5, shape)).astype(dtype)


def _configs():
    def adjust(shape):
        return tf.fill(shape[-1:], 1.1), tf.fill(shape[-1:], 0.2)

    clip = {"rmax": 1.02, "rmin": 0.98, "dmax": 0.05}  # each bound binds on some channel
    nhwc = [4, 5, 5, 3]
    return {
        "4d": ({}, nhwc, "float32"),
        "2d": ({}, [6, 3], "float32"),
        "3d": ({}, [4, 5, 3], "float32"),
        "5d": ({}, [2, 3, 3, 3, 2], "float32"),
        "axis1_nchw": ({"axis": 1}, [4, 3, 5, 5], "float32"),
        "axis1_2d": ({"axis": 1}, [6, 3], "float32"),
        "axis_negative_3": ({"axis": -3}, [4, 3, 5, 5], "float32"),
        "multi_axis": ({"axis": [1, 2]}, [4, 3, 5], "float32"),
        "fused_false": ({"fused": False, "momentum": 0.5}, nhwc, "float32"),
        "fused_true_2d": ({"fused": True}, [6, 3], "float32"),
        "renorm": (
            {"renorm": True, "renorm_clipping": clip, "renorm_momentum": 0.7},
            nhwc,
            "float32",
        ),
        "renorm_2d_unclipped": ({"renorm": True}, [6, 3], "float32"),
        "virtual": ({"virtual_batch_size": 2}, nhwc, "float32"),
        "virtual_2d": ({"virtual_batch_size": 3, "momentum": 0.5}, [6, 3], "float32"),
        "no_scale_no_center": ({"scale": False, "center": False}, nhwc, "float32"),
        "no_scale_2d": ({"scale": False, "epsilon": 0.1}, [6, 3], "float32"),
        "adjustment": ({"adjustment": adjust}, [6, 3], "float32"),
        "trainable_false": ({"trainable": False}, nhwc, "float32"),
        "trainable_false_2d": ({"trainable": False}, [6, 3], "float32"),
        "float16_4d": ({}, nhwc, "float16"),
        "float16_2d": ({}, [6, 3], "float16"),
        "float64_4d": ({}, nhwc, "float64"),
        "float64_2d": ({"momentum": 0.5}, [6, 3], "float64"),
    }


def _tolist(value):
    return np.asarray(value, dtype=np.float64).tolist()


def scenario_config(L, name, mode):
    """One configuration with `training` True, False or a placeholder ("ph")."""
    kwargs, shape, dtype = _configs()[name]
    data = _x(shape, dtype=dtype)
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(dtype, shape)
        training = v1.placeholder(tf.bool, []) if mode == "ph" else mode == "true"
        layer = L.BatchNormalization(**_inits(), **kwargs)
        y = layer(x, training=training)
        updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
        result = {
            "global": _var_table(),
            "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "local": _var_table(v1.GraphKeys.LOCAL_VARIABLES),
            "moving_average": _var_table(v1.GraphKeys.MOVING_AVERAGE_VARIABLES),
            "regularization": len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)),
            "n_update_ops": len(updates),
            "n_layer_updates": len(layer.updates),
            "n_updates_for_x": len(layer.get_updates_for(x)),
            "n_updates_for_none": len(layer.get_updates_for(None)),
            "updates_are_layer_updates": [u.name for u in updates]
            == [u.name for u in layer.updates],
            "weights": [w.name for w in layer.weights],
            "trainable_weights": [w.name for w in layer.trainable_weights],
            "fused": bool(layer.fused),
            "out": [y.dtype.name, y.shape.as_list()],
        }
        feeds = [{x: data}] if mode != "ph" else [{x: data, training: v} for v in (True, False)]
        stats = [v for v in v1.global_variables() if "gamma" not in v.name and "beta" not in v.name]
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            result["outputs"] = [_tolist(sess.run(y, feed)) for feed in feeds]
            after = []
            for feed in feeds:
                sess.run(updates, feed)
                after.append([_tolist(v) for v in sess.run(stats)])
            result["stats_after_updates"] = after
        return result


def scenario_reuse(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [4, 3])
        z = v1.placeholder(tf.float32, [4, 3])
        t = v1.placeholder(tf.bool, [])
        outs = [L.batch_normalization(x, training=t, name="bn")]
        outs.append(L.batch_normalization(z, training=t, name="bn", reuse=True))
        for _ in range(2):
            outs.append(L.batch_normalization(x, training=True, name="auto", reuse=v1.AUTO_REUSE))
        with v1.variable_scope("blk"):
            outs.append(L.batch_normalization(x, training=t))
        with v1.variable_scope("blk", reuse=True):
            outs.append(L.batch_normalization(x, training=False))
        layer = L.BatchNormalization(name="shared")
        outs += [layer(x, training=t), layer(z, training=True), layer(x, training=False)]
        repeated = _error(lambda: L.batch_normalization(x, name="bn"))
        missing = _error(lambda: L.batch_normalization(x, name="nope", reuse=True))
        return {
            "global": _var_table(),
            "n_update_ops": len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)),
            "shared_updates": [len(layer.updates), len(layer.get_updates_for(x))],
            "shared_updates_z": len(layer.get_updates_for(z)),
            "output_scopes": [o.op.name.rsplit("/", 1)[0] for o in outs],
            "repeated": repeated,
            "missing": missing,
        }


def _bad_arguments():
    return {
        "axis_out_of_range": ({"axis": 4}, [4, 5, 5, 3]),
        "axis_negative_out_of_range": ({"axis": -5}, [4, 5, 5, 3]),
        "axis_list_out_of_range": ({"axis": [1, 7]}, [4, 5, 5, 3]),
        "renorm_clipping_keys": ({"renorm": True, "renorm_clipping": {"rmaxx": 2.0}}, [4, 3]),
        "virtual_batch_size_zero": ({"virtual_batch_size": 0}, [4, 3]),
        "virtual_batch_size_not_dividing": ({"virtual_batch_size": 3}, [4, 3]),
        "virtual_batch_size_axis_0": ({"virtual_batch_size": 2, "axis": 0}, [4, 3]),
        "virtual_batch_size_adjustment": (
            {"virtual_batch_size": 2, "adjustment": lambda s: (1.0, 0.0)},
            [4, 3],
        ),
        "undefined_channels": ({}, [4, None]),
    }


def scenario_bad_arguments(L):
    results = {}
    for name, (kwargs, shape) in _bad_arguments().items():
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, shape)
            error = _error(lambda x=x, k=kwargs: L.batch_normalization(x, training=True, **k))
            results[name] = {"error": error, "n_variables": len(v1.global_variables())}
    return results


def scenario_mirrored(L):
    results = {}
    for where in ("cross_replica", "run"):
        with tf.Graph().as_default() as graph:
            strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
            with strategy.scope():
                x = v1.placeholder(tf.float32, [4, 3])
                if where == "run":
                    result = strategy.run(
                        lambda a: L.batch_normalization(a, training=True, momentum=0.5), args=(x,)
                    )
                    y = strategy.experimental_local_results(result)[0]
                else:
                    y = L.batch_normalization(x, training=True, momentum=0.5)
                updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
                kinds = [[v.name, type(v).__name__] for v in v1.global_variables()]
                mean = [v for v in v1.global_variables() if "moving_mean" in v.name][0]
                with v1.Session(graph=graph) as sess:
                    sess.run(v1.global_variables_initializer())
                    feed = {x: _x([4, 3])}
                    out = sess.run(y, feed)
                    sess.run(updates, feed)
                    results[where] = {
                        "n_update_ops": len(updates),
                        "variables": kinds,
                        "out": _tolist(out),
                        "moving_mean": _tolist(sess.run(mean)),
                    }
    return results


def scenario_checkpoint(L, mode, ckpt_dir):
    """Legacy trains two steps and saves with a v1 Saver; compat restores and evaluates."""
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(tf.float32, [4, 5, 5, 3])
        t = v1.placeholder(tf.bool, [])
        y = L.batch_normalization(x, training=t, momentum=0.5, renorm=True)
        y = L.batch_normalization(y, training=t, momentum=0.5, axis=[1, 3], name="multi")
        saver = v1.train.Saver()
        updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
        with v1.Session(graph=graph) as sess:
            if mode == "save":
                sess.run(v1.global_variables_initializer())
                for step in range(2):
                    sess.run(updates, {x: _x([4, 5, 5, 3], seed=step), t: True})
                saver.save(sess, ckpt_dir + "/model")
            else:
                saver.restore(sess, ckpt_dir + "/model")
            return {
                "eval": _tolist(sess.run(y, {x: _x([4, 5, 5, 3], seed=9), t: False})),
                "variables": {v.op.name: _tolist(sess.run(v)) for v in v1.global_variables()},
            }


def scenario_signatures(L):
    def describe(fn):
        params = inspect.signature(fn).parameters.values()
        return [[p.name, p.kind.name, type(p.default).__name__] for p in params]

    with tf.Graph().as_default():
        layer = L.BatchNormalization(momentum=0.9, renorm=True, virtual_batch_size=2)
        layer(v1.placeholder(tf.float32, [4, 3]), training=True)
        config = layer.get_config()
    return {
        "class": describe(L.BatchNormalization.__init__),
        "function": describe(L.batch_normalization),
        "config_keys": sorted(config),
        "config_values": [config["momentum"], config["renorm"], config["virtual_batch_size"]],
    }


def scenario_functional_warning(L):
    import warnings

    with tf.Graph().as_default(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        L.batch_normalization(v1.placeholder(tf.float32, [4, 3]))
    return [str(w.message).split(" ")[0] for w in caught if "deprecated" in str(w.message)]


# --------------------------------------------------------------------------------------------
# Oracle.

_MODES = ("true", "false", "ph")
SCENARIOS = [
    scenario_reuse,
    scenario_bad_arguments,
    scenario_mirrored,
    scenario_signatures,
    scenario_functional_warning,
]
_HELPERS = [
    _var_table,
    _error,
    _seeded,
    _inits,
    _x,
    _configs,
    _tolist,
    _bad_arguments,
    scenario_config,
    scenario_checkpoint,
]


def _oracle_script(ckpt_dir: str) -> str:
    sources = [inspect.getsource(f) for f in _HELPERS + SCENARIOS]
    runner = textwrap.dedent(
        f"""
        RESULTS = {{}}
        def _record(key, fn, *args):
            try:
                RESULTS[key] = {{"value": fn(v1.layers, *args)}}
            except Exception as exc:
                RESULTS[key] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
        for name in _configs():
            for mode in {_MODES!r}:
                _record(f"config:{{name}}:{{mode}}", scenario_config, name, mode)
        for fn in [{", ".join(f.__name__ for f in SCENARIOS)}]:
            _record(fn.__name__, fn)
        _record("scenario_checkpoint", scenario_checkpoint, "save", {ckpt_dir!r})
        save_json(RESULTS)
        """
    )
    prelude = textwrap.dedent(
        """\
        import inspect
        import tensorflow as tf
        v1 = tf.compat.v1
        _cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            _cpu, [tf.config.LogicalDeviceConfiguration()] * 2
        )
        """
    )
    return prelude + "\n".join(sources) + runner


@pytest.fixture(scope="module")
def ckpt_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("legacy_bn_ckpt"))


@pytest.fixture(scope="module")
def oracle(ckpt_dir) -> dict:
    return run_reference(_oracle_script(ckpt_dir), timeout=600).json


def _expected(oracle: dict, key: str) -> object:
    entry = oracle[key]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {key}: {entry['crash']}")
    return entry["value"]


_RUNS: dict = {}


def _run(scenario, *args):
    key = (scenario.__name__, *args)
    if key not in _RUNS:
        _RUNS[key] = json.loads(json.dumps(scenario(compat_layers, *args)))
    return copy.deepcopy(_RUNS[key])


def _assert_numbers(actual, expected, dtype):
    tol = {"float16": 2e-3, "float32": 2e-5, "float64": 1e-9}[dtype]
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol)


# --------------------------------------------------------------------------------------------
# Tests.

_CASES = [pytest.param(n, m, id=f"{n}-{m}") for n in _configs() for m in _MODES]
_STRUCTURE = [
    "global",
    "trainable",
    "local",
    "moving_average",
    "regularization",
    "n_update_ops",
    "n_layer_updates",
    "n_updates_for_x",
    "n_updates_for_none",
    "updates_are_layer_updates",
    "weights",
    "trainable_weights",
    "fused",
    "out",
]


@pytest.mark.parametrize(("name", "mode"), _CASES)
def test_config_matches_legacy(oracle, name, mode):
    """Variables, collections, update ops, fused choice, outputs and moving statistics."""
    expected = _expected(oracle, f"config:{name}:{mode}")
    actual = _run(scenario_config, name, mode)
    for key in _STRUCTURE:
        assert actual[key] == expected[key], key
    dtype = _configs()[name][2]
    _assert_numbers(actual["outputs"], expected["outputs"], dtype)
    _assert_numbers(actual["stats_after_updates"], expected["stats_after_updates"], "float32")


def test_update_ops_follow_legacy_counts(oracle):
    # The facts the contract is about, read from the oracle so a changed reference shows up.
    count = {m: _expected(oracle, f"config:4d:{m}")["n_update_ops"] for m in _MODES}
    assert count == {"true": 2, "false": 0, "ph": 2}
    assert _expected(oracle, "config:trainable_false:ph")["n_update_ops"] == 0
    renorm = _expected(oracle, "config:renorm:ph")["global"]
    assert [r[0].split("/")[1] for r in renorm][4:] == [
        "moving_stddev:0",
        "renorm_mean:0",
        "renorm_stddev:0",
    ]


def test_reuse_matches_legacy(oracle):
    assert _run(scenario_reuse) == _expected(oracle, "scenario_reuse")


@pytest.mark.parametrize("case", list(_bad_arguments()))
def test_bad_arguments_fail_before_any_variable(oracle, case):
    legacy = _expected(oracle, "scenario_bad_arguments")[case]
    actual = _run(scenario_bad_arguments)[case]
    assert legacy["error"] is not None
    assert actual["n_variables"] == 0
    kind, message = actual["error"]
    assert kind == "ValueError", actual["error"]
    argument = {"undefined": "axis", "renorm": "renorm_clipping"}.get(case.split("_")[0])
    argument = argument or ("virtual_batch_size" if case.startswith("virtual") else "axis")
    assert f"Invalid value for argument `{argument}`" in message, message
    assert "Received:" in message


def test_mirrored_strategy_matches_legacy(oracle):
    expected = _expected(oracle, "scenario_mirrored")
    actual = _run(scenario_mirrored)
    for where in ("cross_replica", "run"):
        assert actual[where]["n_update_ops"] == expected[where]["n_update_ops"], where
        assert actual[where]["variables"] == expected[where]["variables"], where
        _assert_numbers(actual[where]["out"], expected[where]["out"], "float32")
        _assert_numbers(actual[where]["moving_mean"], expected[where]["moving_mean"], "float32")


def test_legacy_saver_checkpoint_restores_with_identical_outputs(oracle, ckpt_dir):
    expected = _expected(oracle, "scenario_checkpoint")
    actual = scenario_checkpoint(compat_layers, "restore", ckpt_dir)
    assert sorted(actual["variables"]) == sorted(expected["variables"])
    for name, value in expected["variables"].items():
        np.testing.assert_array_equal(actual["variables"][name], value, err_msg=name)
    np.testing.assert_allclose(actual["eval"], expected["eval"], rtol=1e-6, atol=1e-6)


def test_signatures_and_config_match_legacy(oracle):
    expected = _expected(oracle, "scenario_signatures")
    actual = _run(scenario_signatures)
    assert actual["class"][: len(expected["class"])] == expected["class"]
    assert actual["function"] == expected["function"]
    assert set(expected["config_keys"]) <= set(actual["config_keys"])
    assert actual["config_values"] == expected["config_values"]


def test_functional_form_warns_deprecation(oracle):
    expected = _expected(oracle, "scenario_functional_warning")
    assert _run(scenario_functional_warning) == expected == ["`tf.layers.batch_normalization`"]
