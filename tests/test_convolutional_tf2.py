"""Every convolution layer in TF2 code: eager, tf.function, GradientTape, the
`track_tf1_style_variables` shims, MirroredStrategy, Checkpoint, SavedModel and the Keras 2
layer API, table-driven over the layers.

One oracle process (`TF_USE_LEGACY_KERAS=1`) runs TensorFlow's legacy layers eagerly and
under tf-keras's shim; the tests compare `compat_layers` with it (outputs and gradients to
the bit, variable names, parameter counts). Round trips (Checkpoint, SavedModel, configs,
MirroredStrategy against one device) are checked in this process.
"""

from __future__ import annotations

import inspect
import json
import re
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

# (class, functional form, a channels_last input shape)
LAYERS = [
    ("Conv1D", "conv1d", [2, 9, 3]),
    ("Conv2D", "conv2d", [2, 7, 6, 3]),
    ("Conv3D", "conv3d", [2, 5, 4, 6, 3]),
    ("Conv2DTranspose", "conv2d_transpose", [2, 4, 5, 3]),
    ("Conv3DTranspose", "conv3d_transpose", [2, 3, 4, 3, 3]),
    ("SeparableConv1D", "separable_conv1d", [2, 9, 3]),
    ("SeparableConv2D", "separable_conv2d", [2, 7, 6, 3]),
]
NAMES = [layer[0] for layer in LAYERS]
SHAPES = {cls: shape for cls, _, shape in LAYERS}
layers = pytest.mark.parametrize("cls", NAMES)

# --------------------------------------------------------------------------------------------
# Helpers and scenarios shipped to the oracle.


def _x(shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)


def _seeded(seed):
    def initializer(shape, dtype=tf.float32, partition_info=None):
        values = np.random.RandomState(seed).uniform(-0.5, 0.5, shape)
        return tf.constant(values, dtype=dtype)

    return initializer


def _make(L, cls, seed=0, **config):
    prefixes = ["depthwise", "pointwise"] if cls.startswith("Separable") else ["kernel"]
    inits = {f"{p}_initializer": _seeded(seed + i) for i, p in enumerate(prefixes + ["bias"])}
    return getattr(L, cls)(**{"filters": 4, "kernel_size": 3, **inits, **config})


def _tape_run(layer, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * tf.constant(_x(y.shape.as_list(), seed=9)))
    return [y, *tape.gradient(loss, [x, *layer.trainable_weights])]


def scenario_eager(L, compiled=False):
    """Eager (or tf.function) outputs and gradients, and the Keras 2 weight API."""
    results = {}
    for cls, _fn, shape in LAYERS:
        runs = []
        for i, config in enumerate([{}, {"strides": 2, "padding": "same"}]):
            layer = _make(L, cls, seed=10 * i, activation=tf.nn.relu, **config)
            x = tf.constant(_x(shape, seed=i))
            values = (tf.function(_tape_run) if compiled else _tape_run)(layer, x)
            runs.append([v.numpy().tolist() for v in values])
        results[cls] = {
            "runs": runs,
            "count_params": layer.count_params(),
            "weights": [list(w.shape) for w in layer.get_weights()],
            "names": [w.name for w in layer.weights],
        }
    return results


def scenario_tracked(L, track):
    """Every functional form inside a decorated `tf.Module`, called twice and trained."""

    class Model(tf.Module):
        @track
        def __call__(self, inputs):
            outputs = []
            for (cls, fn, _shape), x in zip(LAYERS, inputs, strict=True):
                with v1.variable_scope("enc"):
                    prefixes = ["depthwise", "pointwise"] if "Separable" in cls else ["kernel"]
                    inits = {f"{p}_initializer": _seeded(i) for i, p in enumerate(prefixes)}
                    outputs.append(getattr(L, fn)(x, 4, 2, name=fn, **inits))
            return outputs

    model = Model()
    inputs = [tf.constant(_x(shape, seed=i)) for i, (_c, _f, shape) in enumerate(LAYERS)]
    first = model(inputs)
    count = len(model.trainable_variables)
    compiled = tf.function(model.__call__)(inputs)
    losses = []
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.add_n([tf.reduce_mean(tf.square(y - 0.2)) for y in model(inputs)])
        grads = tape.gradient(loss, model.trainable_variables)
        for var, grad in zip(model.trainable_variables, grads, strict=True):
            var.assign_sub(0.1 * grad)
        losses.append(float(loss))
    return {
        "names": sorted(v.name for v in model.trainable_variables),
        "count_after_calls": [count, len(model.trainable_variables)],
        "first": [y.numpy().tolist() for y in first],
        "compiled": [y.numpy().tolist() for y in compiled],
        "losses": losses,
    }


_SHIPPED = [_x, _seeded, _make, _tape_run, scenario_eager, scenario_tracked]


def _oracle_script() -> str:
    sources = "\n".join(inspect.getsource(f) for f in _SHIPPED)
    runner = textwrap.dedent(
        """
        RESULTS = {"eager": scenario_eager(v1.layers)}
        RESULTS["tracked"] = scenario_tracked(
            v1.layers, tf.compat.v1.keras.utils.track_tf1_style_variables
        )
        save_json(RESULTS)
        """
    )
    prelude = f"import tensorflow as tf\nv1 = tf.compat.v1\nLAYERS = {LAYERS!r}\n"
    return prelude + sources + runner


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_reference(_oracle_script()).json


_RUNS: dict = {}


def _run(scenario, *args):
    key = (scenario.__name__, *args)
    if key not in _RUNS:
        _RUNS[key] = json.loads(json.dumps(scenario(compat_layers, *args)))
    return _RUNS[key]


def _assert_bit_identical(actual, expected):
    for got, want in zip(actual, expected, strict=True):
        np.testing.assert_array_equal(np.array(got), np.array(want))


# --------------------------------------------------------------------------------------------
# Eager, tf.function, GradientTape and the Keras 2 weight API against the legacy layers.


@layers
@pytest.mark.parametrize("compiled", [False, True], ids=["eager", "tf_function"])
def test_outputs_and_gradients_bit_identical_to_legacy_eager(oracle, cls, compiled):
    expected = oracle["eager"][cls]
    actual = _run(scenario_eager, compiled)[cls]
    for got, want in zip(actual["runs"], expected["runs"], strict=True):
        _assert_bit_identical(got, want)


@layers
def test_weight_api_matches_legacy(oracle, cls):
    expected = oracle["eager"][cls]
    actual = _run(scenario_eager, False)[cls]
    assert actual["count_params"] == expected["count_params"] > 0
    assert actual["weights"] == expected["weights"]
    # Eager scope numbering counts every unnamed layer the process made before (in the suite,
    # other modules' too), so the comparison drops the number.
    assert [_unnumbered(n) for n in actual["names"]] == [_unnumbered(n) for n in expected["names"]]


def _unnumbered(name):
    return re.sub(r"_\d+(?=/)", "", name)


@pytest.mark.parametrize("shim", ["compat", "tf_keras"])
def test_track_tf1_style_variables_matches_legacy(oracle, shim):
    if shim == "compat":
        track = compat_layers.track_tf1_style_variables
    else:
        from tf_keras.src.legacy_tf_layers import variable_scope_shim

        track = variable_scope_shim.track_tf1_style_variables
    expected = oracle["tracked"]
    actual = json.loads(json.dumps(scenario_tracked(compat_layers, track)))
    assert actual["names"] == expected["names"]
    assert actual["count_after_calls"] == expected["count_after_calls"]
    for key in ("first", "compiled"):
        for got, want in zip(actual[key], expected[key], strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(actual["losses"], expected["losses"], rtol=1e-5)
    assert actual["losses"][-1] < actual["losses"][0]


# --------------------------------------------------------------------------------------------
# Round trips in this process.


def _fixed(cls: str, **config) -> compat_layers.Layer:
    return _make(compat_layers, cls, seed=30, padding="same", **config)


@layers
def test_config_round_trip_and_set_weights(cls):
    layer = _fixed(cls, activation="relu", use_bias=True, strides=2)
    x = _x(SHAPES[cls], seed=2)
    expected = layer(x).numpy()
    config = layer.get_config()
    assert config["filters"] == 4 and config["padding"] == "same" and config["strides"]
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    clone.build(x.shape)
    assert [w.name for w in clone.weights] != [] and clone.count_params() == layer.count_params()
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(clone(x).numpy(), expected)


@layers
def test_checkpoint_round_trip(cls, tmp_path):
    layer = _fixed(cls)
    x = _x(SHAPES[cls], seed=3)
    expected = layer(x).numpy()
    path = tf.train.Checkpoint(layer=layer).save(str(tmp_path / "ckpt"))
    fresh = getattr(compat_layers, cls)(4, 3, padding="same")
    status = tf.train.Checkpoint(layer=fresh).restore(path)
    np.testing.assert_array_equal(fresh(x).numpy(), expected)  # deferred restore on build
    status.assert_consumed()


@layers
def test_saved_model_reloads_with_equal_outputs(cls, tmp_path):
    shape = SHAPES[cls]
    holder = tf.Module()
    holder.layer = _fixed(cls)
    holder.layer(tf.zeros([1, *shape[1:]]))
    holder.call = tf.function(
        lambda x: holder.layer(x), input_signature=[tf.TensorSpec([None, *shape[1:]])]
    )
    x = _x(shape, seed=4)
    expected = holder.call(tf.constant(x)).numpy()
    tf.saved_model.save(holder, str(tmp_path / "saved"))
    loaded = tf.saved_model.load(str(tmp_path / "saved"))
    np.testing.assert_array_equal(loaded.call(tf.constant(x)).numpy(), expected)


def _strategy() -> tf.distribute.MirroredStrategy:
    devices = [d.name for d in tf.config.list_logical_devices("CPU")]
    if len(devices) < 2:
        pytest.fail("conftest should have declared two logical CPU devices")
    return tf.distribute.MirroredStrategy(devices[:2])


@layers
def test_mirrored_strategy_step_matches_one_device(cls):
    strategy = _strategy()
    shape = SHAPES[cls]
    x, lr = _x([4, *shape[1:]], seed=5), 0.1
    with strategy.scope():
        mirrored = _fixed(cls)
        mirrored.build(x.shape)
    for var in mirrored.trainable_variables:
        assert len(strategy.experimental_local_results(var)) == 2, var.name
    batch = next(iter(strategy.experimental_distribute_dataset(tf.data.Dataset.from_tensors(x))))
    total = float(np.prod(mirrored.compute_output_shape(x.shape)))

    def replica_grads(xs):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(mirrored(xs) - 0.3)) / total
        return loss, tape.gradient(loss, mirrored.trainable_variables)

    @tf.function
    def step(xs):
        loss, grads = strategy.run(replica_grads, args=(xs,))
        grads = [strategy.reduce(tf.distribute.ReduceOp.SUM, g, axis=None) for g in grads]
        for var, grad in zip(mirrored.trainable_variables, grads, strict=True):
            var.assign_sub(lr * grad)
        return strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None)

    loss_mirrored = float(step(batch))
    single = _fixed(cls)
    with tf.GradientTape() as tape:
        loss_single = tf.reduce_mean(tf.square(single(x) - 0.3))
    grads = tape.gradient(loss_single, single.trainable_variables)
    for var, grad in zip(single.trainable_variables, grads, strict=True):
        var.assign_sub(lr * grad)
    np.testing.assert_allclose(loss_mirrored, float(loss_single), rtol=1e-6)
    for got, want in zip(mirrored.get_weights(), single.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


# Bad arguments the legacy layers accepted and failed on later (SeparableConv2D's unequal
# strides only inside the depthwise kernel at run time) or rejected in other words.
@pytest.mark.parametrize(
    ("cls", "kwargs", "argument"),
    [
        ("SeparableConv2D", {"strides": (1, 2)}, "strides"),
        ("Conv2DTranspose", {"strides": 2, "output_padding": 2}, "output_padding"),
        ("Conv3DTranspose", {"output_padding": (0, 1)}, "output_padding"),
        ("Conv2D", {"padding": "causal"}, "padding"),
        ("Conv3D", {"kernel_size": (3, 3)}, "kernel_size"),
        ("Conv1D", {"data_format": "NCW"}, "data_format"),
        ("SeparableConv1D", {"depth_multiplier": 0}, "depth_multiplier"),
    ],
)
def test_bad_arguments_fail_early_naming_argument_and_value(cls, kwargs, argument):
    with tf.Graph().as_default() as graph:
        with pytest.raises(ValueError, match=rf"`{argument}`.*Received: {argument}="):
            getattr(compat_layers, cls)(**{"filters": 2, "kernel_size": 3, **kwargs})
        assert not graph.get_operations()


@pytest.mark.parametrize("cls", ["Conv2DTranspose", "Conv3DTranspose"])
def test_output_padding_sets_exact_output_size(cls):
    # Legacy forwarded `output_padding` to Keras through **kwargs; the sizes are Keras'.
    rank = len(SHAPES[cls]) - 2
    layer = getattr(compat_layers, cls)(2, 3, strides=3, padding="same", output_padding=2)
    y = layer(_x([1, *[4] * rank, 3]))
    assert y.shape == (1, *[4 * 3 + 2 - 2] * rank, 2)  # (n - 1) * s + k - 2 * (k // 2) + p
    assert layer.get_config()["output_padding"] == (2,) * rank
