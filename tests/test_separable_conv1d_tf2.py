"""TF2 interop: the `track_tf1_style_variables` shims, tf.distribute, SavedModel, Checkpoint.

The decorated-module scenarios are plain functions of `(L, track, base)`; the oracle runs
them once with TensorFlow's legacy layer and `tf.compat.v1.keras.utils.track_tf1_style_variables`
under `TF_USE_LEGACY_KERAS=1`, and the tests run them with `compat_layers`.
"""

from __future__ import annotations

import inspect
import json
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    # The functional form's deprecation warning is checked in test_separable_conv1d_graph.py.
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]


# --------------------------------------------------------------------------------------------
# Helpers and scenarios shipped to the oracle.


def _init(shape, seed):
    values = np.random.RandomState(seed).uniform(-0.5, 0.5, shape).astype(np.float32)
    return v1.constant_initializer(values)


def _x(shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)


def _two_convs(L, x):
    """The body of every decorated method: two layers in nested variable scopes."""
    with v1.variable_scope("enc"):
        h = L.separable_conv1d(
            x,
            8,
            3,
            padding="same",
            activation=tf.nn.relu,
            name="c1",
            depthwise_initializer=_init((3, 6, 1), 1),
            pointwise_initializer=_init((1, 6, 8), 2),
        )
        with v1.variable_scope("inner"):
            h = L.separable_conv1d(
                h,
                4,
                3,
                depth_multiplier=2,
                depthwise_initializer=_init((3, 8, 2), 3),
                pointwise_initializer=_init((1, 16, 4), 4),
                bias_initializer=_init((4,), 5),
            )
    return h


def _train(model, variables_of, x, target, steps=4):
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - target))
        variables = variables_of(model)
        grads = tape.gradient(loss, variables)
        for var, grad in zip(variables, grads, strict=True):
            var.assign_sub(0.1 * grad)
        losses.append(float(loss))
    return losses


def scenario_module(L, track, base):
    class Model(base):
        @track
        def __call__(self, x):
            return _two_convs(L, x)

    model = Model()
    x = tf.constant(_x([2, 12, 6], seed=1))
    first = model(x)
    ids = [id(v) for v in model.trainable_variables]
    second = model(x)
    compiled = tf.function(model.__call__)(x)
    names = sorted(v.name for v in model.trainable_variables)
    reused = [id(v) for v in model.trainable_variables] == ids
    losses = _train(model, lambda m: m.trainable_variables, x, tf.constant(_x([2, 10, 4], seed=2)))
    return {
        "names": names,
        "reused": reused,
        "first": first.numpy().tolist(),
        "second_equal": bool(np.array_equal(first.numpy(), second.numpy())),
        "compiled": compiled.numpy().tolist(),
        "losses": losses,
        "count_after_training": len(model.trainable_variables),
    }


def scenario_keras_layer(L, track, base):
    class Block(base):
        @track
        def call(self, x):
            return _two_convs(L, x)

    block = Block()
    x = tf.constant(_x([2, 12, 6], seed=1))
    first = block(x)
    ids = [id(v) for v in block.trainable_variables]
    block(x)
    losses = _train(block, lambda b: b.trainable_variables, x, tf.constant(_x([2, 10, 4], seed=2)))
    return {
        "n_trainable": len(ids),
        "reused": [id(v) for v in block.trainable_variables] == ids,
        "shapes": sorted(list(v.shape) for v in block.trainable_variables),
        "first": first.numpy().tolist(),
        "losses": losses,
    }


_SHIPPED = [_init, _x, _two_convs, _train, scenario_module, scenario_keras_layer]


def _oracle_script() -> str:
    sources = "\n".join(inspect.getsource(f) for f in _SHIPPED)
    runner = textwrap.dedent(
        """
        track = tf.compat.v1.keras.utils.track_tf1_style_variables
        RESULTS = {}
        cases = [(scenario_module, tf.Module), (scenario_keras_layer, tf.keras.layers.Layer)]
        for fn, base in cases:
            try:
                RESULTS[fn.__name__] = {"value": fn(v1.layers, track, base)}
            except Exception as exc:
                RESULTS[fn.__name__] = {"crash": f"{type(exc).__name__}: {exc}"}
        save_json(RESULTS)
        """
    )
    return "import tensorflow as tf\nv1 = tf.compat.v1\n" + sources + runner


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_reference(_oracle_script()).json


def _expected(oracle: dict, name: str) -> dict:
    entry = oracle[name]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {name}: {entry['crash']}")
    return entry["value"]


def _jsonable(value):
    return json.loads(json.dumps(value))


def _tf_keras_shim():
    from tf_keras.src.legacy_tf_layers import variable_scope_shim

    return variable_scope_shim.track_tf1_style_variables


# --------------------------------------------------------------------------------------------
# The shims.


@pytest.mark.parametrize("shim", ["compat", "tf_keras"])
def test_decorated_tf_module_matches_legacy(oracle, shim):
    track = compat_layers.track_tf1_style_variables if shim == "compat" else _tf_keras_shim()
    expected = _expected(oracle, "scenario_module")
    actual = _jsonable(scenario_module(compat_layers, track, tf.Module))
    assert len(actual["names"]) == 6
    assert actual["names"] == expected["names"]
    assert actual["reused"] and actual["second_equal"]
    assert actual["count_after_training"] == 6
    np.testing.assert_allclose(actual["first"], expected["first"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(actual["compiled"], expected["first"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(actual["losses"], expected["losses"], rtol=1e-5)
    assert actual["losses"][-1] < actual["losses"][0]


def test_decorated_keras3_layer_trains(oracle):
    expected = _expected(oracle, "scenario_keras_layer")
    actual = _jsonable(
        scenario_keras_layer(compat_layers, compat_layers.track_tf1_style_variables, keras.Layer)
    )
    assert actual["n_trainable"] == expected["n_trainable"] == 6
    assert actual["reused"]
    assert actual["shapes"] == expected["shapes"]
    np.testing.assert_allclose(actual["first"], expected["first"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(actual["losses"], expected["losses"], rtol=1e-5)
    assert actual["losses"][-1] < actual["losses"][0]


def test_decorated_module_variables_are_not_recreated_in_tf_function():
    class Model(tf.Module):
        @compat_layers.track_tf1_style_variables
        def __call__(self, x):
            return compat_layers.separable_conv1d(x, 3, 3, name="only")

    model = Model()
    fn = tf.function(model.__call__)
    fn(tf.ones((1, 8, 4)))
    fn(tf.ones((2, 9, 4)))
    model(tf.ones((1, 8, 4)))
    assert sorted(v.name for v in model.variables) == [
        "only/bias:0",
        "only/depthwise_kernel:0",
        "only/pointwise_kernel:0",
    ]


# --------------------------------------------------------------------------------------------
# tf.distribute.


def _strategy() -> tf.distribute.MirroredStrategy:
    devices = [d.name for d in tf.config.list_logical_devices("CPU")]
    if len(devices) < 2:
        pytest.fail("conftest should have declared two logical CPU devices")
    return tf.distribute.MirroredStrategy(devices[:2])


def _fixed_layer() -> compat_layers.SeparableConv1D:
    return compat_layers.SeparableConv1D(
        4,
        3,
        padding="same",
        depth_multiplier=2,
        depthwise_initializer=_init((3, 6, 2), 11),
        pointwise_initializer=_init((1, 12, 4), 12),
        bias_initializer=_init((4,), 13),
    )


def test_mirrored_strategy_variables_and_step_match_one_device():
    strategy = _strategy()
    x = _x([4, 12, 6], seed=3)
    target = _x([4, 12, 4], seed=4)
    lr = 0.1

    with strategy.scope():
        mirrored = _fixed_layer()
        mirrored.build((None, 12, 6))
    assert len(mirrored.trainable_variables) == 3
    for var in mirrored.trainable_variables:
        assert len(strategy.experimental_local_results(var)) == 2, var.name

    dataset = tf.data.Dataset.from_tensor_slices((x, target)).batch(4)
    batch = next(iter(strategy.experimental_distribute_dataset(dataset)))

    def replica_grads(xs, ts):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(mirrored(xs) - ts)) / tf.cast(
                tf.size(target), tf.float32
            )
        return loss, tape.gradient(loss, mirrored.trainable_variables)

    @tf.function
    def step(xs, ts):
        loss, grads = strategy.run(replica_grads, args=(xs, ts))
        loss = strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None)
        grads = [strategy.reduce(tf.distribute.ReduceOp.SUM, g, axis=None) for g in grads]
        for var, grad in zip(mirrored.trainable_variables, grads, strict=True):
            var.assign_sub(lr * grad)
        return loss

    loss_mirrored = float(step(*batch))

    single = _fixed_layer()
    with tf.GradientTape() as tape:
        loss_single = tf.reduce_mean(tf.square(single(x) - target))
    for var, grad in zip(
        single.trainable_variables,
        tape.gradient(loss_single, single.trainable_variables),
        strict=True,
    ):
        var.assign_sub(lr * grad)

    np.testing.assert_allclose(loss_mirrored, float(loss_single), rtol=1e-6)
    for got, want in zip(mirrored.get_weights(), single.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    for replica_values in zip(
        *(strategy.experimental_local_results(v) for v in mirrored.trainable_variables),
        strict=True,
    ):
        for got, want in zip(replica_values, single.trainable_variables, strict=True):
            np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6, atol=1e-7)


# --------------------------------------------------------------------------------------------
# SavedModel and Checkpoint.


class _Holder(tf.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = _fixed_layer()
        self.layer(tf.zeros((1, 12, 6)))

    @tf.function(input_signature=[tf.TensorSpec([None, 12, 6], tf.float32)])
    def __call__(self, x):
        return self.layer(x)


def test_saved_model_reloads_with_equal_outputs(tmp_path):
    holder = _Holder()
    x = _x([3, 12, 6], seed=5)
    expected = holder(tf.constant(x)).numpy()
    tf.saved_model.save(holder, str(tmp_path / "saved"))
    loaded = tf.saved_model.load(str(tmp_path / "saved"))
    np.testing.assert_array_equal(loaded(tf.constant(x)).numpy(), expected)
    # The weights travel as variables, not as constants folded into the function.
    stored = tf.train.list_variables(str(tmp_path / "saved" / "variables" / "variables"))
    assert len([name for name, _ in stored if name.endswith("VARIABLE_VALUE")]) == 3


def test_checkpoint_round_trip(tmp_path):
    layer = _fixed_layer()
    x = _x([2, 12, 6], seed=6)
    expected = layer(x).numpy()
    path = tf.train.Checkpoint(layer=layer).save(str(tmp_path / "ckpt"))

    for var in layer.variables:
        var.assign(tf.zeros_like(var))
    tf.train.Checkpoint(layer=layer).restore(path).assert_consumed()
    np.testing.assert_array_equal(layer(x).numpy(), expected)

    fresh = compat_layers.SeparableConv1D(4, 3, padding="same", depth_multiplier=2)
    fresh.build((None, 12, 6))
    tf.train.Checkpoint(layer=fresh).restore(path).assert_consumed()
    np.testing.assert_array_equal(fresh(x).numpy(), expected)


def test_checkpoint_restore_before_build_is_deferred(tmp_path):
    layer = _fixed_layer()
    x = _x([2, 12, 6], seed=7)
    expected = layer(x).numpy()
    path = tf.train.Checkpoint(layer=layer).save(str(tmp_path / "ckpt"))

    fresh = compat_layers.SeparableConv1D(4, 3, padding="same", depth_multiplier=2)
    status = tf.train.Checkpoint(layer=fresh).restore(path)
    np.testing.assert_array_equal(fresh(x).numpy(), expected)
    status.assert_consumed()
