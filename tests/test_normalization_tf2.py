"""Batch normalization outside v1 graphs: eager, tf.function, the tracking shims, distribution,
SavedModel and tf.train.Checkpoint.

Scenarios are functions of `L` (and of the shim for the decorated ones); the oracle runs them
once under `TF_USE_LEGACY_KERAS=1` with TensorFlow's legacy layer and tests compare.
"""

from __future__ import annotations

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
# Shipped to the oracle.


def _x(shape, seed=0, dtype="float32"):
    return np.random.RandomState(seed).normal(0.5, 1.5, shape).astype(dtype)


def _const(seed, low, high):
    def init(shape, dtype=None, partition_info=None, **kwargs):
        values = np.random.RandomState(seed).uniform(low, high, shape)
        return tf.constant(values, dtype=tf.as_dtype(dtype or tf.float32))

    return init


def _eager_configs():
    return {
        "4d": ({}, [4, 3, 3, 2], "float32"),
        "2d": ({}, [6, 3], "float32"),
        "nchw": ({"axis": 1}, [4, 2, 3, 3], "float32"),
        "fused_false": ({"fused": False}, [4, 3, 3, 2], "float32"),
        "renorm": ({"renorm": True, "renorm_clipping": {"rmax": 1.1}}, [4, 3, 3, 2], "float32"),
        "virtual": ({"virtual_batch_size": 2}, [4, 3, 3, 2], "float32"),
        "trainable_false": ({"trainable": False}, [4, 3, 3, 2], "float32"),
        "float16": ({}, [4, 3, 3, 2], "float16"),
    }


def _state(layer):
    return {
        w.name.split("/")[-1]: np.asarray(w.numpy(), np.float64).tolist() for w in layer.weights
    }


def scenario_eager(L, name):
    kwargs, shape, dtype = _eager_configs()[name]
    inits = dict(
        moving_mean_initializer=_const(3, -0.3, 0.3),
        moving_variance_initializer=_const(4, 0.5, 2.0),
    )
    x = tf.constant(_x(shape, dtype=dtype))
    layer = L.BatchNormalization(momentum=0.5, **inits, **kwargs)
    steps = [np.asarray(layer(x, training=True), np.float64).tolist(), _state(layer)]
    steps += [np.asarray(layer(x, training=False), np.float64).tolist(), _state(layer)]
    compiled = L.BatchNormalization(momentum=0.5, **inits, **kwargs)
    fn = tf.function(lambda a, t: compiled(a, training=t))
    for training in (True, tf.constant(True), tf.constant(False), False):
        steps += [np.asarray(fn(x, training), np.float64).tolist(), _state(compiled)]
    return {
        "steps": steps,
        # Eager layers are numbered process-wide, so the scope is compared by its stem.
        "weights": [w.name.split("_")[0] + "/" + w.name.split("/")[-1] for w in layer.weights],
        "trainable": [w.name.split("/")[-1] for w in layer.trainable_weights],
    }


def _blocks(L, x, training):
    with v1.variable_scope("enc"):
        h = L.batch_normalization(x, training=training, momentum=0.5, name="bn1")
        with v1.variable_scope("inner"):
            h = L.batch_normalization(tf.nn.relu(h), training=training, momentum=0.5, fused=False)
    return h


def scenario_tracked(L, track, base):
    class Model(base):
        @track
        def __call__(self, x, training):
            return _blocks(L, x, training)

    model = Model()
    x = tf.constant(_x([4, 3, 3, 2]))
    outs = [model(x, True)]
    fn = tf.function(model.__call__)
    outs += [fn(x, True), fn(x, tf.constant(True)), model(x, False)]
    return {
        "names": sorted(v.name for v in model.variables),
        "trainable": sorted(v.name for v in model.trainable_variables),
        "outs": [np.asarray(o, np.float64).tolist() for o in outs],
        "moving": {v.name: v.numpy().tolist() for v in model.variables if "moving" in v.name},
    }


def scenario_mirrored_eager(L):
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    with strategy.scope():
        layer = L.BatchNormalization(momentum=0.5)
    x = tf.constant(_x([4, 3]))
    per_replica = strategy.run(tf.function(lambda a: layer(a, training=True)), args=(x,))
    outs = strategy.experimental_local_results(per_replica)
    return {
        "kinds": [[w.name, type(w).__name__] for w in layer.weights],
        "out": np.asarray(outs[0], np.float64).tolist(),
        "state": _state(layer),
    }


# --------------------------------------------------------------------------------------------
# Oracle.

_SHIPPED = [
    _x,
    _const,
    _eager_configs,
    _state,
    scenario_eager,
    _blocks,
    scenario_tracked,
    scenario_mirrored_eager,
]


def _oracle_script() -> str:
    sources = "\n".join(inspect.getsource(f) for f in _SHIPPED)
    runner = textwrap.dedent(
        """
        RESULTS = {}
        def _record(key, fn, *args):
            try:
                RESULTS[key] = {"value": fn(*args)}
            except Exception as exc:
                RESULTS[key] = {"crash": f"{type(exc).__name__}: {exc}"}
        for name in _eager_configs():
            _record("eager:" + name, scenario_eager, v1.layers, name)
        track = tf.compat.v1.keras.utils.track_tf1_style_variables
        _record("tracked", scenario_tracked, v1.layers, track, tf.Module)
        _record("mirrored", scenario_mirrored_eager, v1.layers)
        save_json(RESULTS)
        """
    )
    prelude = textwrap.dedent(
        """\
        import tensorflow as tf
        v1 = tf.compat.v1
        _cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            _cpu, [tf.config.LogicalDeviceConfiguration()] * 2
        )
        """
    )
    return prelude + sources + runner


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_reference(_oracle_script(), timeout=600).json


def _expected(oracle: dict, key: str):
    entry = oracle[key]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {key}: {entry['crash']}")
    return entry["value"]


def _jsonable(value):
    return json.loads(json.dumps(value))


def _close(actual, expected, tol=2e-5):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=tol, atol=tol)


# --------------------------------------------------------------------------------------------
# Tests.


@pytest.mark.parametrize("name", list(_eager_configs()))
def test_eager_and_tf_function_update_on_the_call_like_legacy(oracle, name):
    expected = _expected(oracle, f"eager:{name}")
    actual = _jsonable(scenario_eager(compat_layers, name))
    assert actual["weights"] == expected["weights"]
    assert actual["trainable"] == expected["trainable"]
    tol = 2e-3 if _eager_configs()[name][2] == "float16" else 2e-5
    assert len(actual["steps"]) == len(expected["steps"])
    for index, (a, e) in enumerate(zip(actual["steps"], expected["steps"], strict=True)):
        if isinstance(e, dict):
            assert sorted(a) == sorted(e), index
            for key in e:
                _close(a[key], e[key], tol)
        else:
            _close(a, e, tol)


def _tf_keras_shim():
    from tf_keras.src.legacy_tf_layers import variable_scope_shim

    return variable_scope_shim.track_tf1_style_variables


@pytest.mark.parametrize("shim", ["compat", "tf_keras"])
def test_tracked_module_matches_legacy(oracle, shim):
    track = compat_layers.track_tf1_style_variables if shim == "compat" else _tf_keras_shim()
    expected = _expected(oracle, "tracked")
    actual = _jsonable(scenario_tracked(compat_layers, track, tf.Module))
    assert actual["names"] == expected["names"]
    assert len(actual["names"]) == 8
    assert actual["trainable"] == expected["trainable"]
    for a, e in zip(actual["outs"], expected["outs"], strict=True):
        _close(a, e)
    assert sorted(actual["moving"]) == sorted(expected["moving"])
    for key, value in expected["moving"].items():
        _close(actual["moving"][key], value)


def test_mirrored_strategy_eager_matches_legacy(oracle):
    expected = _expected(oracle, "mirrored")
    actual = _jsonable(scenario_mirrored_eager(compat_layers))
    assert actual["kinds"] == expected["kinds"]
    _close(actual["out"], expected["out"])
    for key, value in expected["state"].items():
        _close(actual["state"][key], value)


class _Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.bn = compat_layers.BatchNormalization(momentum=0.5, renorm=True)

    @tf.function(
        input_signature=[tf.TensorSpec([4, 3, 3, 2], tf.float32), tf.TensorSpec([], tf.bool)]
    )
    def __call__(self, x, training):
        return self.bn(x, training=training)


def _numpy_moments(x):
    return x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))


def test_saved_model_round_trip_keeps_statistics_and_training_semantics(tmp_path):
    net = _Net()
    x = _x([4, 3, 3, 2])
    net(x, tf.constant(True))
    tf.saved_model.save(net, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    for flag in (False, True):
        np.testing.assert_allclose(
            loaded(x, tf.constant(flag)), net(x, tf.constant(flag)), atol=1e-6
        )
    # Both saw the same training calls, so their statistics agree; inference is the NumPy
    # formula with those statistics (gamma 1, beta 0).
    m, s = loaded.bn.moving_mean.numpy(), loaded.bn.moving_variance.numpy()
    np.testing.assert_allclose(net.bn.moving_mean.numpy(), m, atol=1e-6)
    expected = (x - m) / np.sqrt(s + 1e-3)
    np.testing.assert_allclose(loaded(x, tf.constant(False)), expected, atol=1e-5)
    # Two training calls with momentum 0.5 from mean 0 and stddev 1: renorm averages the
    # standard deviation and derives the moving variance from it.
    batch_mean, batch_var = _numpy_moments(x)
    np.testing.assert_allclose(m, 0.75 * batch_mean, atol=1e-5)
    stddev = 0.25 + 0.75 * np.sqrt(batch_var + 1e-3)
    np.testing.assert_allclose(s, stddev**2 - 1e-3, atol=1e-5)


def test_checkpoint_round_trip(tmp_path):
    net = _Net()
    x = _x([4, 3, 3, 2])
    net(x, tf.constant(True))
    path = tf.train.Checkpoint(net=net).save(str(tmp_path / "ckpt"))
    other = _Net()
    other(_x([4, 3, 3, 2], seed=5), tf.constant(True))
    tf.train.Checkpoint(net=other).restore(path).assert_consumed()
    for mine, theirs in zip(net.bn.weights, other.bn.weights, strict=True):
        np.testing.assert_array_equal(mine.numpy(), theirs.numpy())
    np.testing.assert_array_equal(net(x, tf.constant(False)), other(x, tf.constant(False)))


def test_config_round_trip_rebuilds_the_same_layer():
    layer = compat_layers.BatchNormalization(
        axis=[1, 2],
        momentum=0.9,
        renorm=True,
        renorm_clipping={"rmax": 2.0},
        fused=False,
        virtual_batch_size=2,
        gamma_initializer="random_normal",
        name="bn",
    )
    config = layer.get_config()
    clone = compat_layers.BatchNormalization.from_config(config)
    assert clone.get_config() == config
    assert config["axis"] == [1, 2] and config["fused"] is False
    x = _x([4, 3, 5])
    assert clone(x, training=True).shape == (4, 3, 5)
    assert [w.shape.as_list() for w in clone.weights][0] == [1, 1, 3, 5]
