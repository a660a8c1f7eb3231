"""Eager, `tf.function` and layer-API behaviour of `compat_layers.SeparableConv1D`.

Scenarios that TensorFlow's legacy layer can also run are plain functions of `L` (the module
providing `SeparableConv1D`); the oracle runs them all in one `TF_USE_LEGACY_KERAS=1` process
with `L = tf.compat.v1.layers` and the tests compare. The rest (lists as inputs, the config
round trip, messages the legacy layer does not give) are checked directly.
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

pytestmark = pytest.mark.reference


# --------------------------------------------------------------------------------------------
# Helpers shipped to the oracle together with the scenarios.


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy layer raises
        return [type(exc).__name__, str(exc).splitlines()[0]]
    return None


def _init(shape, seed):
    values = np.random.RandomState(seed).uniform(-0.5, 0.5, shape).astype(np.float32)
    return v1.constant_initializer(values)


def _inits(kernel_size, channels, multiplier, filters, seed):
    return dict(
        depthwise_initializer=_init((kernel_size, channels, multiplier), seed),
        pointwise_initializer=_init((1, channels * multiplier, filters), seed + 1),
        bias_initializer=_init((filters,), seed + 2),
    )


def _x(shape, seed=0, dtype=np.float32):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(dtype)


def _shape(value):
    return None if value is None else [d for d in tf.TensorShape(value).as_list()]


def _eager_configs():
    return [
        dict(filters=5, kernel_size=3),
        dict(filters=5, kernel_size=3, padding="same", depth_multiplier=2),
        dict(filters=5, kernel_size=3, padding="causal", dilation_rate=2),
        dict(filters=5, kernel_size=3, strides=2, activation="relu"),
    ]


# --------------------------------------------------------------------------------------------
# Scenarios.


def scenario_eager_calls(L):
    result = []
    x = tf.constant(_x([2, 15, 4], seed=1))
    for i, config in enumerate(_eager_configs()):
        m = config.get("depth_multiplier", 1)
        layer = L.SeparableConv1D(name=f"eager_calls_{i}", **config, **_inits(3, 4, m, 5, seed=i))
        first = layer(x)
        second = layer(x * 2.0)
        compiled = tf.function(lambda t, layer=layer: layer(t))(x)
        result.append(
            {
                "first": first.numpy().tolist(),
                "second": second.numpy().tolist(),
                "compiled": compiled.numpy().tolist(),
                "n_variables": len(layer.variables),
                "shapes": [v.shape.as_list() for v in layer.weights],
            }
        )
    return result


def scenario_gradients(L):
    layer = L.SeparableConv1D(4, 3, padding="same", name="grads", **_inits(3, 4, 1, 4, seed=7))
    x = tf.constant(_x([2, 9, 4], seed=2))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.square(layer(x)))
    grads = tape.gradient(loss, layer.trainable_variables + [x])
    return [g.numpy().tolist() for g in grads]


def scenario_compute_output_shape(L):
    cases = [
        (dict(filters=3, kernel_size=3), (2, 10, 4)),
        (dict(filters=3, kernel_size=3, padding="same", strides=2), (2, 11, 4)),
        (dict(filters=3, kernel_size=3, padding="causal", strides=2), (2, 10, 4)),
        (dict(filters=3, kernel_size=3, dilation_rate=3), (None, 20, 4)),
        (dict(filters=3, kernel_size=3, data_format="channels_first"), (2, 4, 10)),
        (dict(filters=7, kernel_size=5, padding="valid"), (None, None, 4)),
    ]
    return [
        _shape(L.SeparableConv1D(**config).compute_output_shape(shape)) for config, shape in cases
    ]


def scenario_build_and_weights(L):
    layer = L.SeparableConv1D(6, 3, depth_multiplier=2, name="built_layer")
    before = _error(layer.count_params)
    layer.build((None, 10, 4))
    frozen = L.SeparableConv1D(6, 3, trainable=False, name="frozen_layer")
    frozen.build((None, 10, 4))
    no_bias = L.SeparableConv1D(6, 3, use_bias=False, name="no_bias_layer")
    no_bias.build((None, 10, 4))
    return {
        "count_params_before_build": before,
        "built": layer.built,
        "count_params": [layer.count_params(), frozen.count_params(), no_bias.count_params()],
        "shapes": [list(w.shape) for w in layer.get_weights()],
        "weight_names": [v.name.split("/")[-1] for v in layer.weights],
        "lists": {
            name: [len(getattr(obj, name)) for obj in (layer, frozen, no_bias)]
            for name in (
                "weights",
                "variables",
                "trainable_weights",
                "non_trainable_weights",
                "trainable_variables",
                "non_trainable_variables",
            )
        },
    }


def scenario_set_weights_errors(L):
    layer = L.SeparableConv1D(3, 3, name="set_weights_layer")
    layer.build((None, 10, 4))
    return {
        "count": _error(lambda: layer.set_weights([np.zeros((3, 4, 1))])),
        "shape": _error(
            lambda: layer.set_weights([np.zeros((3, 4, 2)), np.zeros((1, 4, 3)), np.zeros(3)])
        ),
    }


def scenario_eager_losses(L):
    layer = L.SeparableConv1D(
        3,
        3,
        depthwise_regularizer=lambda w: tf.reduce_sum(w),
        bias_regularizer=lambda w: 2.0 * tf.reduce_sum(w),
        activity_regularizer=lambda y: tf.reduce_sum(y),
        name="eager_losses",
        **_inits(3, 4, 1, 3, seed=11),
    )
    layer(tf.constant(_x([2, 10, 4], seed=3)))
    first = sorted(float(v) for v in layer.losses)
    layer(tf.constant(_x([2, 10, 4], seed=4)))
    second = sorted(float(v) for v in layer.losses)
    return {"first": first, "second": second, "updates": len(layer.updates)}


def scenario_dtype_and_graph(L):
    layer = L.SeparableConv1D(3, 3, name="dtype_layer")
    before = layer.dtype
    y = layer(tf.constant(_x([1, 8, 4], dtype=np.float64)))
    return {
        "before": before,
        "after": layer.dtype,
        "variables": [v.dtype.base_dtype.name for v in layer.variables],
        "output": y.dtype.name,
        "graph": _error(lambda: layer.graph),
        "scope_name": layer.scope_name,
        "name": layer.name,
    }


def scenario_convolution_op(L):
    layer = L.SeparableConv1D(3, 3, padding="same", name="conv_op_layer")
    layer.build((None, 9, 4))
    kernel = tf.constant(_x([3, 4, 5], seed=5))
    return layer.convolution_op(tf.constant(_x([2, 9, 4], seed=6)), kernel).numpy().tolist()


def scenario_call_records_eager(L):
    layer = L.SeparableConv1D(3, 3, name="records_eager")
    never = {
        name: _error(lambda name=name: getattr(layer, name))
        for name in ("input", "output", "input_shape", "output_shape")
    }
    layer(tf.constant(_x([2, 10, 4])))
    layer(tf.constant(_x([3, 12, 4])))
    called = {
        name: _error(lambda name=name: getattr(layer, name))
        for name in ("input", "output", "input_shape", "output_shape")
    }
    at = {
        name: _error(lambda name=name: getattr(layer, name)(0))
        for name in ("get_input_at", "get_output_at", "get_input_shape_at", "get_output_shape_at")
    }
    return {"never": never, "called": called, "at": at}


def scenario_call_records_graph(L):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 10, 4])
        layer = L.SeparableConv1D(
            3,
            3,
            depthwise_regularizer=lambda w: tf.reduce_sum(w),
            activity_regularizer=lambda y: tf.reduce_mean(y),
        )
        layer(x)
        layer(v1.placeholder(tf.float32, [3, 12, 4]))
        records = {
            name: _error(lambda name=name: getattr(layer, name))
            for name in ("input", "output", "input_shape", "output_shape")
        }
        at = {
            name: _error(lambda name=name: getattr(layer, name)(1))
            for name in (
                "get_input_at",
                "get_output_at",
                "get_input_shape_at",
                "get_output_shape_at",
            )
        }
        return {
            "records": records,
            "at": at,
            "losses_for_none": len(layer.get_losses_for(None)),
            "losses_for_x": len(layer.get_losses_for(x)),
            "losses": len(layer.losses),
            "updates_for_none": len(layer.get_updates_for(None)),
            "updates": len(layer.updates),
        }


SCENARIOS = [
    scenario_eager_calls,
    scenario_gradients,
    scenario_compute_output_shape,
    scenario_build_and_weights,
    scenario_set_weights_errors,
    scenario_eager_losses,
    scenario_dtype_and_graph,
    scenario_convolution_op,
    scenario_call_records_eager,
    scenario_call_records_graph,
]
_HELPERS = [_error, _init, _inits, _x, _shape, _eager_configs]


def _oracle_script() -> str:
    sources = [inspect.getsource(f) for f in _HELPERS + SCENARIOS]
    runner = textwrap.dedent(
        f"""
        RESULTS = {{}}
        for fn in [{", ".join(f.__name__ for f in SCENARIOS)}]:
            try:
                RESULTS[fn.__name__] = {{"value": fn(v1.layers)}}
            except Exception as exc:
                RESULTS[fn.__name__] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
        save_json(RESULTS)
        """
    )
    return "import tensorflow as tf\nv1 = tf.compat.v1\n" + "\n".join(sources) + runner


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_reference(_oracle_script()).json


def _expected(oracle: dict, scenario) -> object:
    entry = oracle[scenario.__name__]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {scenario.__name__}: {entry['crash']}")
    return entry["value"]


_RUNS: dict = {}


def _run(scenario):
    # Eager scenarios use fixed layer names, so each runs once and its data serves every test.
    if scenario.__name__ not in _RUNS:
        _RUNS[scenario.__name__] = json.dumps(scenario(compat_layers))
    return json.loads(_RUNS[scenario.__name__])


# --------------------------------------------------------------------------------------------
# Compared with the legacy layer.


@pytest.mark.parametrize("index", range(len(_eager_configs())))
def test_eager_calls_match_legacy_and_reuse_variables(oracle, index):
    expected = _expected(oracle, scenario_eager_calls)[index]
    actual = _run(scenario_eager_calls)[index]
    assert actual["n_variables"] == expected["n_variables"] == 3
    assert actual["shapes"] == expected["shapes"]
    for key in ("first", "second", "compiled"):
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-6, atol=1e-6, err_msg=key)


def test_gradients_match_legacy(oracle):
    expected = _expected(oracle, scenario_gradients)
    actual = _run(scenario_gradients)
    assert len(actual) == len(expected) == 4
    for got, want in zip(actual, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_compute_output_shape_matches_legacy(oracle):
    assert _run(scenario_compute_output_shape) == _expected(oracle, scenario_compute_output_shape)


def test_build_weights_and_count_params_match_legacy(oracle):
    expected = _expected(oracle, scenario_build_and_weights)
    actual = _run(scenario_build_and_weights)
    assert expected["count_params_before_build"][0] == "ValueError"
    assert actual["count_params_before_build"] is not None
    assert actual["count_params_before_build"][0] == "ValueError"
    assert "built" in actual["count_params_before_build"][1]
    for key in ("built", "count_params", "shapes", "weight_names", "lists"):
        assert actual[key] == expected[key], key


def test_set_weights_errors_match_legacy_type(oracle):
    expected = _expected(oracle, scenario_set_weights_errors)
    actual = _run(scenario_set_weights_errors)
    assert actual["count"][0] == expected["count"][0] == "ValueError"
    assert actual["shape"][0] == expected["shape"][0] == "ValueError"


def test_eager_losses_match_legacy(oracle):
    expected = _expected(oracle, scenario_eager_losses)
    actual = _run(scenario_eager_losses)
    for key in ("first", "second"):
        assert len(actual[key]) == len(expected[key]), key
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-6, err_msg=key)
    assert actual["updates"] == expected["updates"]


def test_dtype_follows_first_input_and_graph_raises_eagerly(oracle):
    expected = _expected(oracle, scenario_dtype_and_graph)
    actual = _run(scenario_dtype_and_graph)
    for key in ("before", "after", "variables", "output", "scope_name", "name"):
        assert actual[key] == expected[key], key
    assert actual["graph"][0] == expected["graph"][0] == "RuntimeError"


def test_convolution_op_matches_legacy(oracle):
    expected = _expected(oracle, scenario_convolution_op)
    np.testing.assert_allclose(_run(scenario_convolution_op), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("scenario", [scenario_call_records_eager, scenario_call_records_graph])
def test_call_records_raise_like_legacy(oracle, scenario):
    expected = _expected(oracle, scenario)
    actual = _run(scenario)
    for group, cases in expected.items():
        if not isinstance(cases, dict):
            assert actual[group] == cases, group
            continue
        for name, error in cases.items():
            got = actual[group][name]
            assert (got and got[0]) == (error and error[0]), f"{group}.{name}: {got} vs {error}"


# --------------------------------------------------------------------------------------------
# Behaviour checked directly.


def _layer(**kwargs) -> compat_layers.SeparableConv1D:
    kwargs.setdefault("filters", 3)
    kwargs.setdefault("kernel_size", 3)
    return compat_layers.SeparableConv1D(**kwargs)


def test_builds_once_and_reuses_variables():
    layer = _layer()
    layer(np.ones((1, 8, 4), np.float32))
    first = [id(v) for v in layer.variables]
    layer(np.ones((2, 11, 4), np.float32))
    layer.apply(np.ones((1, 5, 4), np.float32))
    assert [id(v) for v in layer.variables] == first
    assert len(first) == 3


def test_numpy_and_list_inputs_give_the_same_output():
    layer = _layer()
    x = _x([1, 6, 4], seed=12)
    from_numpy = layer(x).numpy()
    from_list = layer(x.tolist()).numpy()
    from_tensor = layer(tf.constant(x)).numpy()
    np.testing.assert_array_equal(from_numpy, from_tensor)
    np.testing.assert_allclose(from_list, from_tensor, rtol=1e-6)


def test_tf_function_retraces_without_new_variables():
    layer = _layer(padding="same")
    fn = tf.function(lambda t: layer(t))
    fn(tf.ones((1, 8, 4)))
    before = [id(v) for v in layer.variables]
    fn(tf.ones((3, 5, 4)))
    assert [id(v) for v in layer.variables] == before


def test_gradient_tape_training_lowers_loss():
    layer = _layer(filters=2, padding="same")
    x = tf.constant(_x([4, 12, 4], seed=13))
    target = tf.constant(_x([4, 12, 2], seed=14))
    optimizer = tf.keras.optimizers.SGD(0.05)
    losses = []
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(layer(x) - target))
        grads = tape.gradient(loss, layer.trainable_variables)
        assert all(g is not None for g in grads)
        optimizer.apply_gradients(zip(grads, layer.trainable_variables, strict=True))
        losses.append(float(loss))
    assert losses[-1] < losses[0]


def test_apply_equals_call():
    layer = _layer()
    x = _x([2, 7, 4], seed=15)
    np.testing.assert_array_equal(layer.apply(x).numpy(), layer(x).numpy())


def test_build_then_call_uses_built_variables():
    layer = _layer(depth_multiplier=2)
    layer.build((None, 10, 4))
    assert layer.built
    built = [id(v) for v in layer.variables]
    layer(np.ones((1, 10, 4), np.float32))
    assert [id(v) for v in layer.variables] == built


def test_count_params_before_build_names_the_layer():
    layer = _layer(name="not_built_yet")
    with pytest.raises(ValueError, match="not_built_yet"):
        layer.count_params()


def test_set_weights_message_names_expected_and_given_shapes():
    layer = _layer()
    layer.build((None, 10, 4))
    wrong = [np.zeros((3, 4, 2)), np.zeros((1, 4, 3)), np.zeros(3)]
    with pytest.raises(ValueError) as info:
        layer.set_weights(wrong)
    message = str(info.value)
    assert "(3, 4, 1)" in message and "(3, 4, 2)" in message


def test_set_weights_message_names_expected_and_given_counts():
    layer = _layer()
    layer.build((None, 10, 4))
    with pytest.raises(ValueError, match=r"\b3\b.*\b1\b|\b1\b.*\b3\b"):
        layer.set_weights([np.zeros((3, 4, 1))])


def test_get_weights_set_weights_round_trip():
    source, target = _layer(), _layer()
    source.build((None, 10, 4))
    target.build((None, 10, 4))
    target.set_weights(source.get_weights())
    x = _x([2, 10, 4], seed=16)
    np.testing.assert_array_equal(source(x).numpy(), target(x).numpy())


def test_get_config_names_every_constructor_argument():
    layer = _layer(padding="causal", dilation_rate=2, depth_multiplier=2, activation="relu")
    config = layer.get_config()
    params = inspect.signature(compat_layers.SeparableConv1D.__init__).parameters
    expected = {n for n, p in params.items() if n != "self" and p.kind is not p.VAR_KEYWORD}
    assert expected <= set(config), expected - set(config)
    assert config["padding"] == "causal"


def test_from_config_round_trip_gives_same_layer():
    layer = _layer(
        filters=4,
        kernel_size=5,
        padding="same",
        strides=2,
        depth_multiplier=3,
        activation="tanh",
        use_bias=False,
        depthwise_initializer="ones",
        pointwise_initializer=tf.compat.v1.constant_initializer(0.25),
    )
    clone = compat_layers.SeparableConv1D.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    x = _x([2, 12, 4], seed=17)
    np.testing.assert_allclose(clone(x).numpy(), layer(x).numpy(), rtol=1e-6)


def test_alias_is_the_same_class():
    assert compat_layers.SeparableConvolution1D is compat_layers.SeparableConv1D


def test_float16_and_float64_eager_inputs():
    for dtype in (np.float16, np.float64):
        layer = _layer()
        y = layer(_x([1, 8, 4], dtype=dtype))
        assert y.dtype == tf.as_dtype(dtype)
        assert {v.dtype.base_dtype for v in layer.variables} == {tf.as_dtype(dtype)}


def test_channels_first_equals_transposed_channels_last():
    # The legacy layer cannot run channels_first on CPU, so the channels_last result, which
    # is compared with the legacy layer above, serves as the reference.
    last = _layer(filters=5, padding="same", depth_multiplier=2)
    first = _layer(filters=5, padding="same", depth_multiplier=2, data_format="channels_first")
    x = _x([2, 11, 4], seed=18)
    expected = last(x).numpy()
    first.build((None, 4, 11))
    first.set_weights(last.get_weights())
    actual = first(np.transpose(x, (0, 2, 1))).numpy()
    np.testing.assert_allclose(np.transpose(actual, (0, 2, 1)), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("dilation_rate", [1, 3])
def test_causal_output_ignores_later_inputs(dilation_rate):
    layer = _layer(filters=2, kernel_size=4, padding="causal", dilation_rate=dilation_rate)
    x = _x([1, 20, 4], seed=19)
    changed = x.copy()
    changed[:, 12:, :] += 10.0
    before, after = layer(x).numpy(), layer(changed).numpy()
    assert before.shape == (1, 20, 2)
    np.testing.assert_array_equal(after[:, :12], before[:, :12])
    assert not np.allclose(after[:, 12:], before[:, 12:])


def test_keras_objects_and_string_names_are_accepted():
    import keras

    layer = _layer(
        filters=2,
        depthwise_initializer=keras.initializers.Constant(0.3),
        pointwise_initializer="ones",
        bias_initializer="zeros",
        depthwise_regularizer=keras.regularizers.L2(0.01),
        pointwise_regularizer="l2",
        depthwise_constraint=keras.constraints.NonNeg(),
        pointwise_constraint="non_neg",
        activation=keras.activations.relu,
    )
    x = _x([1, 6, 4], seed=20)
    y = layer(x).numpy()
    depthwise, pointwise, bias = layer.get_weights()
    np.testing.assert_array_equal(depthwise, np.full((3, 4, 1), 0.3, np.float32))
    np.testing.assert_array_equal(pointwise, np.ones((1, 4, 2), np.float32))
    np.testing.assert_array_equal(bias, np.zeros(2, np.float32))
    # NumPy reference: depthwise window sums times 0.3, summed over channels, relu.
    windows = np.stack([x[0, t : t + 3].sum(axis=0) for t in range(4)]) * np.float32(0.3)
    expected = np.maximum(np.repeat(windows.sum(axis=1, keepdims=True), 2, axis=1), 0)
    np.testing.assert_allclose(y[0], expected, rtol=1e-5, atol=1e-6)
    # Keras' L2 computes l2 * sum(w**2); the 'l2' name means l2=0.01.
    np.testing.assert_allclose(
        sorted(float(v) for v in layer.losses),
        sorted([0.01 * float(np.sum(depthwise**2)), 0.01 * float(np.sum(pointwise**2))]),
        rtol=1e-6,
    )
    constrained = {v.name.split("/")[-1].split(":")[0]: v.constraint for v in layer.weights}
    assert constrained["bias"] is None
    for name in ("depthwise_kernel", "pointwise_kernel"):
        projected = constrained[name](tf.constant([-1.0, 2.0])).numpy()
        np.testing.assert_array_equal(projected, [0.0, 2.0])
