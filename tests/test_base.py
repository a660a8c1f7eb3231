"""The public `compat_layers.Layer` for users' own layers, against `tf.compat.v1.layers.Layer`.

Each scenario defines a user layer the way TF1 code did (`class MyLayer(L.Layer)`) and
runs it once in a `TF_USE_LEGACY_KERAS=1` oracle process with `L = tf.compat.v1.layers`
and here with `L = compat_layers` (see tests/_oracle.py).
"""

from __future__ import annotations

import pytest
import tensorflow as tf

import compat_layers
from compat_layers import experimental
from tests._oracle import error, expected, run_here, run_oracle, var_table, x_of

v1 = tf.compat.v1

pytestmark = [pytest.mark.reference]


# ------------------------------------------------------------------------------------------
# User layers, defined from `L` (shipped to the oracle as source).


def _user_layers(L):
    class MyLayer(L.Layer):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.kernel = self.add_weight(
                "kernel",
                [int(input_shape[-1]), self.units],
                initializer=v1.constant_initializer(0.25),
                regularizer=lambda w: 0.5 * tf.reduce_sum(w),
            )
            self.bias = self.add_variable("bias", [self.units], initializer=v1.zeros_initializer())
            self.counter = self.add_weight(
                "counter", [], initializer=v1.zeros_initializer(), trainable=False
            )
            super().build(input_shape)

        def call(self, inputs):
            return tf.matmul(inputs, self.kernel) + self.bias

        def compute_output_shape(self, input_shape):
            return tf.TensorShape(input_shape)[:-1].concatenate(self.units)

    class Stateful(MyLayer):
        def call(self, inputs):
            self.add_loss(tf.reduce_mean(inputs), inputs=inputs)
            self.add_loss(tf.constant(2.0))
            self.add_update(v1.assign_add(self.counter, 1.0))
            return super().call(inputs)

    class Ranked(L.Layer):
        def __init__(self, spec, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = spec

        def call(self, inputs):
            return inputs

    return MyLayer, Stateful, Ranked


def scenario_user_layer_graph(L):
    MyLayer, _, _ = _user_layers(L)
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        first, second = MyLayer(), MyLayer()
        names = [first.name, second.name]
        with v1.variable_scope("outer"):
            y1 = second(x)
        y2 = first(x)
        y3 = MyLayer(units=2, name="named").apply(x)
        frozen = MyLayer(trainable=False)
        frozen(x)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = sess.run([y1, y2, y3], {x: x_of([2, 4], 1)})
        return {
            "names": names + [first.scope_name, second.scope_name],
            "global": var_table(),
            "trainable": var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "reg_losses": len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)),
            "outputs": [t.name for t in (y1, y2, y3)],
            "values": [v.tolist() for v in values],
            "weights": [[w.name for w in layer.weights] for layer in (first, frozen)],
            "trainable_weights": [len(layer.trainable_weights) for layer in (first, frozen)],
            "non_trainable_weights": [
                len(layer.non_trainable_weights) for layer in (first, frozen)
            ],
            "losses": [len(layer.losses) for layer in (first, frozen)],
            "shape": first.compute_output_shape(tf.TensorShape([5, 7, 4])).as_list(),
            "count_params": first.count_params(),
            "built": [first.built, MyLayer().built],
        }


def scenario_losses_and_updates(L):
    _, Stateful, _ = _user_layers(L)
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        layer = Stateful(name="stateful")
        y = layer(x)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            sess.run([y, *v1.get_collection(v1.GraphKeys.UPDATE_OPS)], {x: x_of([2, 4], 2)})
            counter = float(sess.run(layer.counter))
            losses = sorted(float(v) for v in sess.run(layer.losses, {x: x_of([2, 4], 2)}))
        # An update outside a call that reads a placeholder (not a call input) is unconditional.
        flag = v1.placeholder(tf.float32, [])
        layer.add_update(v1.assign_add(layer.counter, flag))
        return {
            "unconditional_after_add": len(layer.get_updates_for(None)),
            "update_ops": len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)),
            "reg_losses": len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)),
            "updates": len(layer.updates),
            "updates_for_x": len(layer.get_updates_for(x)),
            "updates_for_none": len(layer.get_updates_for(None)),
            "losses": losses,
            "losses_for_none": len(layer.get_losses_for(None)),
            "losses_for_x": len(layer.get_losses_for(x)),
            "counter": counter,
        }


def scenario_reuse(L):
    MyLayer, _, _ = _user_layers(L)
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        MyLayer(name="shared")(x)
        MyLayer(name="shared", _reuse=True)(x)
        with v1.variable_scope("auto", reuse=v1.AUTO_REUSE):
            MyLayer(name="inner")(x)
        with v1.variable_scope("auto", reuse=v1.AUTO_REUSE):
            MyLayer(name="inner")(x)
        with v1.variable_scope("scoped"):
            MyLayer(_scope="block")(x)
        with v1.variable_scope("scoped", reuse=True):
            MyLayer(_scope="block")(x)
        missing = error(lambda: MyLayer(name="missing", _reuse=True)(x))
        return {"global": var_table(), "missing": missing[0] if missing else None}


def scenario_deepcopy(L):
    # TensorFlow's own base-layer test: a called layer deep-copies, sharing the graph's tensors.
    # (The legacy layer cannot deep-copy graph-mode variables; ours shares them.)
    import copy

    with tf.Graph().as_default():
        layer = L.Layer(name="original")
        layer._private_tensor = tf.random.uniform(())
        layer.apply(tf.random.uniform((5,), seed=1))
        clone = copy.deepcopy(layer)
        return {
            "name": clone.name,
            "scope": clone._scope.name,
            "tensor_shared": clone._private_tensor is layer._private_tensor,
        }


def _specs(L):
    return [
        ("ndim", L.InputSpec(ndim=3), [2, 4]),
        ("min_ndim", L.InputSpec(min_ndim=3), [2, 4]),
        ("max_ndim", L.InputSpec(max_ndim=1), [2, 4]),
        ("axes", L.InputSpec(axes={-1: 5}), [2, 4]),
        ("dtype", L.InputSpec(dtype="float64"), [2, 4]),
        ("shape", L.InputSpec(shape=[None, 3]), [2, 4]),
        ("ok", L.InputSpec(ndim=2, axes={1: 4}), [2, 4]),
    ]


def scenario_input_spec(L):
    out = {}
    for key, spec, shape in _specs(L):
        _, _, Ranked = _user_layers(L)
        with tf.Graph().as_default():
            layer = Ranked(spec, name="ranked")
            out[key] = error(
                lambda layer=layer, shape=shape: layer(v1.placeholder(tf.float32, shape))
            )
    out["repr"] = repr(L.InputSpec(ndim=4, axes={-1: 3}))
    return out


def scenario_eager(L):
    MyLayer, Stateful, _ = _user_layers(L)
    layer = Stateful(name="eager_layer")
    y = layer(tf.constant(x_of([2, 4], 3)))
    return {
        "weights": [w.name for w in layer.weights],
        "value": y.numpy().tolist(),
        "losses": len(layer.losses),
        "counter": float(layer.counter.numpy()),
    }


def scenario_keras_style(L):
    MyLayer, _, _ = _user_layers(L)
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        with L.experimental.keras_style_scope():
            a, b = MyLayer(name="k"), MyLayer(name="k")
            a(x), b(x)
            reuse = error(lambda: MyLayer(_reuse=True))
            scope = error(lambda: MyLayer()(x, scope="s"))
            inside = MyLayer()
        outside = MyLayer()
        return {
            "global": var_table(),
            "reuse": reuse,
            "scope": scope,
            "distinct": [w.name for w in a.weights] != [w.name for w in b.weights],
            "flags": [inside._keras_style, outside._keras_style],
        }


def scenario_public_names(L):
    return sorted(name for name in dir(L) if not name.startswith("_"))


def scenario_set_keras_style(L):
    # Process-wide and irreversible: the oracle runs it last; here the test restores it.
    MyLayer, _, _ = _user_layers(L)
    L.experimental.set_keras_style()
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 4])
        layer = MyLayer(name="after")
        layer(x)
        return {
            "flag": layer._keras_style,
            "global": var_table(),
            "reuse": error(lambda: MyLayer(_reuse=True)),
        }


SCENARIOS = [
    scenario_user_layer_graph,
    scenario_losses_and_updates,
    scenario_reuse,
    scenario_deepcopy,
    scenario_input_spec,
    scenario_eager,
    scenario_keras_style,
    scenario_public_names,
    scenario_set_keras_style,  # last: it changes the oracle process for good
]


@pytest.fixture(scope="module")
def oracle() -> dict:
    return run_oracle(SCENARIOS, helpers=[_user_layers, _specs])


# ------------------------------------------------------------------------------------------
# Tests.


def test_user_layer_variables_names_and_collections(oracle):
    want, got = expected(oracle, scenario_user_layer_graph), run_here(scenario_user_layer_graph)
    assert "outer/my_layer/kernel:0" in [row[0] for row in want["global"]]
    assert got == want


def test_add_loss_and_add_update_reach_the_collections(oracle):
    want = expected(oracle, scenario_losses_and_updates)
    assert want["update_ops"] == 1 and want["counter"] == 1.0
    assert want["unconditional_after_add"] == 2  # neither update reads the call input x
    assert run_here(scenario_losses_and_updates) == want


def test_reuse_through_arguments_and_variable_scopes(oracle):
    want = expected(oracle, scenario_reuse)
    assert want["missing"] == "ValueError"
    assert run_here(scenario_reuse) == want


def test_deepcopy_shares_graph_objects(oracle):
    want = expected(oracle, scenario_deepcopy)
    assert want["tensor_shared"]
    assert run_here(scenario_deepcopy) == want


@pytest.mark.parametrize("key", [key for key, _, _ in _specs(compat_layers)] + ["repr"])
def test_input_spec_checks_and_messages(oracle, key):
    want = expected(oracle, scenario_input_spec)[key]
    got = run_here(scenario_input_spec)[key]
    assert got == want


def test_eager_user_layer(oracle):
    assert run_here(scenario_eager) == expected(oracle, scenario_eager)


def test_keras_style_scope(oracle):
    want = expected(oracle, scenario_keras_style)
    assert "not allowed when keras style" in want["reuse"][1]
    got = run_here(scenario_keras_style)
    assert got["global"] == want["global"] and got["distinct"] and want["distinct"]
    assert got["flags"] == want["flags"]
    for key in ("reuse", "scope"):
        assert got[key][0] == want[key][0]
        assert want[key][1].split(".")[0] in got[key][1]


def test_set_keras_style(oracle, monkeypatch):
    monkeypatch.setattr(experimental, "_keras_style", False)
    want = expected(oracle, scenario_set_keras_style)
    got = run_here(scenario_set_keras_style)
    assert got["flag"] is want["flag"] is True
    assert got["global"] == want["global"]
    assert got["reuse"][0] == want["reuse"][0]


def test_every_public_name_of_tf_layers_is_exported(oracle):
    legacy = expected(oracle, scenario_public_names)
    missing = sorted(set(legacy) - set(dir(compat_layers)))
    assert not missing, f"compat_layers lacks {missing}"
