"""`compat_layers.rnn_cell` compared with TensorFlow's own `tf.compat.v1.nn.rnn_cell`.

Every scenario is a self-contained function of `C`, the module that provides the cells. The
oracle process runs the same source with `C = tf.compat.v1.nn.rnn_cell` under
`TF_USE_LEGACY_KERAS=1` (one process for the whole module); each test runs one scenario with
`C = compat_layers.rnn_cell` and compares the recorded results. The cells are driven by
TensorFlow's own `dynamic_rnn`, `bidirectional_dynamic_rnn`, `static_rnn`,
`static_bidirectional_rnn`, `static_state_saving_rnn` and `raw_rnn`, and by hand. Variables are
filled with values derived from their names, so both sides compute with the same weights.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from compat_layers import rnn_cell
from golden.reference import run_reference
from migrate import layouts

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]

# --------------------------------------------------------------------------------------------
# Helpers shipped to the oracle together with the scenarios (they only use tf, np and v1).


def _var_table(key="variables"):
    return [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in v1.get_collection(key)]


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy cell raises
        message = str(exc).splitlines()[0]
        # Object reprs carry addresses and module paths that differ between processes.
        return [type(exc).__name__, re.sub(r"<[^<>]* at 0x[0-9a-f]+>", "<object>", message)]
    return None


def _values(name, shape, dtype):
    seed = sum(name.split(":")[0].encode()) % 9973
    return np.random.RandomState(seed).uniform(-0.6, 0.6, shape).astype(dtype)


def _fill(variables, sess=None):
    for v in variables:
        value = _values(v.name, v.shape.as_list(), v.dtype.base_dtype.as_numpy_dtype)
        if sess is None:
            v.assign(value)
        else:
            v.load(value, sess)


def _x(shape, seed=0, dtype=np.float32):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(dtype)


def _plain(value):
    return tf.nest.map_structure(lambda a: np.asarray(a).tolist(), value)


def _structure(value):
    # Type names of the nested containers: LSTMStateTuple must survive, tuples stay tuples.
    if isinstance(value, (tuple, list)):
        return [type(value).__name__, [_structure(v) for v in value]]
    return type(value).__name__ if not hasattr(value, "shape") else "tensor"


def _run_graph(fetches, feed=None):
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        _fill(v1.global_variables(), sess)
        return _plain(sess.run(fetches, feed))


# --------------------------------------------------------------------------------------------
# Scenarios.


def scenario_public_names(C):
    names = sorted(n for n in dir(C) if not n.startswith("_"))
    signatures = {
        n: [
            [p.name, p.kind.name, None if p.default is p.empty else repr(p.default)]
            for p in inspect.signature(getattr(C, n).__init__).parameters.values()
        ]
        for n in names
        if n != "LSTMStateTuple"
    }
    state = C.LSTMStateTuple(c=1, h=2)
    return {
        "names": names,
        "signatures": signatures,
        "state_tuple": [state._fields, list(state), isinstance(state, tuple)],
    }


def scenario_dynamic_multi_lstm(C, dtype="float32"):
    with tf.Graph().as_default():
        x = v1.placeholder(dtype, [3, 5, 4])
        seq = v1.placeholder(tf.int32, [3])
        cell = C.MultiRNNCell([C.LSTMCell(5), C.LSTMCell(6)])
        outputs, state = v1.nn.dynamic_rnn(cell, x, sequence_length=seq, dtype=dtype)
        result = {
            "global": _var_table(v1.GraphKeys.GLOBAL_VARIABLES),
            "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "weights": [v.name for v in cell.weights],
            "structure": _structure(state),
            "shapes": [outputs.shape.as_list()]
            + [t.shape.as_list() for t in tf.nest.flatten(state)],
            "dtypes": [t.dtype.name for t in [outputs, *tf.nest.flatten(state)]],
        }
        feed = {x: _x([3, 5, 4], dtype=dtype), seq: [5, 2, 0]}
        result["values"] = _run_graph([outputs, state], feed)
        return result


def scenario_bidirectional_dynamic(C, dtype="float32"):
    with tf.Graph().as_default():
        x = v1.placeholder(dtype, [2, 4, 3])
        outputs, states = v1.nn.bidirectional_dynamic_rnn(
            C.GRUCell(4), C.BasicLSTMCell(3), x, sequence_length=[4, 3], dtype=dtype
        )
        return {
            "global": _var_table(),
            "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
            "structure": _structure(states),
            "values": _run_graph([outputs, states], {x: _x([2, 4, 3], 1, dtype)}),
        }


def scenario_static_rnns(C):
    with tf.Graph().as_default():
        xs = [v1.placeholder(tf.float32, [2, 3]) for _ in range(3)]
        outs, state = v1.nn.static_rnn(C.BasicRNNCell(4), xs, dtype=tf.float32)
        fw, bw = C.LSTMCell(3, state_is_tuple=False), C.GRUCell(2)
        bi_outs, fw_state, bw_state = v1.nn.static_bidirectional_rnn(
            fw, bw, xs, dtype=tf.float32, sequence_length=[3, 1]
        )
        feed = {x: _x([2, 3], i + 5) for i, x in enumerate(xs)}
        return {
            "global": _var_table(),
            "values": _run_graph([outs, state, bi_outs, fw_state, bw_state], feed),
        }


def scenario_state_saving_and_raw_rnn(C):
    class Saver:
        def __init__(self, sizes):
            self.values = {n: tf.constant(_x([2, s], 9)) for n, s in sizes.items()}

        def state(self, name):
            return self.values[name]

        def save_state(self, name, value):
            return tf.no_op()

    with tf.Graph().as_default():
        xs = [tf.constant(_x([2, 3], i)) for i in range(3)]
        lstm = C.BasicLSTMCell(4)
        saver = Saver({"c": 4, "h": 4})
        saved_outs, saved_state = v1.nn.static_state_saving_rnn(lstm, xs, saver, ("c", "h"))
        gru = C.GRUCell(3)
        inputs = tf.constant(_x([4, 2, 3], 3))
        lengths = tf.constant([4, 2])
        inputs_ta = tf.TensorArray(tf.float32, size=4).unstack(inputs)

        def loop_fn(time, cell_output, cell_state, loop_state):
            state = gru.zero_state(2, tf.float32) if cell_output is None else cell_state
            finished = time >= lengths
            next_input = tf.cond(
                tf.reduce_all(finished),
                lambda: tf.zeros([2, 3]),
                lambda: inputs_ta.read(time),
            )
            return finished, next_input, state, cell_output, None

        raw_ta, raw_state, _ = v1.nn.raw_rnn(gru, loop_fn)
        return {
            "global": _var_table(),
            "values": _run_graph([saved_outs, saved_state, raw_ta.stack(), raw_state]),
        }


def _lstm_configs():
    return [
        {},
        {"use_peepholes": True},
        {"cell_clip": 0.2, "forget_bias": 0.5},
        {"num_proj": 3},
        {"num_proj": 3, "proj_clip": 0.1, "use_peepholes": True, "cell_clip": 0.3},
        {"num_unit_shards": 2, "num_proj": 4, "num_proj_shards": 2},
        {"state_is_tuple": False, "activation": "relu"},
        {"state_is_tuple": False, "num_proj": 2},
    ]


def scenario_lstm_options(C):
    results = []
    for config in _lstm_configs():
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, [2, 4, 3])
            cell = C.LSTMCell(5, **config)
            outputs, state = v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            results.append(
                {
                    "sizes": _plain([cell.state_size, cell.output_size]),
                    "global": _var_table(),
                    "values": _run_graph([outputs, state], {x: _x([2, 4, 3], 2)}),
                }
            )
    return results


def scenario_by_hand_scopes_and_reuse(C):
    with tf.Graph().as_default():
        x = tf.constant(_x([2, 3], 4))
        cell = C.GRUCell(4, name="enc_gru")
        state = cell.zero_state(2, tf.float32)
        outs = []
        with v1.variable_scope("decoder"):
            for _ in range(3):
                out, state = cell(x, state)
                outs.append(out)
        shared = C.BasicLSTMCell(2)
        first = shared(x, shared.zero_state(2, tf.float32), scope="layer")
        with v1.variable_scope("other"):
            second = C.BasicLSTMCell(2, reuse=True)
            reused = _error(lambda: second(x, second.zero_state(2, tf.float32), scope="layer"))
        with v1.variable_scope("top", reuse=v1.AUTO_REUSE):
            a = C.BasicRNNCell(3)(x, tf.zeros([2, 3]), scope="rnn_a")
            b = C.BasicRNNCell(3)(x, tf.zeros([2, 3]), scope="rnn_a")
        # Sharing that works: the `reuse` argument with an existing scope, a reusing scope.
        shared_again = C.BasicLSTMCell(2, reuse=True)
        again_out = shared_again(x, shared_again.zero_state(2, tf.float32), scope="layer")
        with v1.variable_scope("decoder", reuse=True):
            twin = C.GRUCell(4, name="enc_gru")
            twin_out, _ = twin(x, tf.zeros([2, 4]))
        missing = _error(
            lambda: C.BasicRNNCell(3, reuse=True)(x, tf.zeros([2, 3]), scope="nowhere")
        )
        again = _error(lambda: C.BasicRNNCell(3)(x, tf.zeros([2, 3]), scope="top/rnn_a"))
        return {
            "global": _var_table(),
            "names": [cell.name, shared.name],
            "errors": [reused, missing, again],
            "weights": [[v.name for v in c.weights] for c in (cell, shared, shared_again, twin)],
            "values": _run_graph([outs, state, first, a, b, again_out, twin_out]),
        }


def scenario_zero_state_and_sizes(C):
    with tf.Graph().as_default():
        batch = v1.placeholder(tf.int32, [])
        cells = [
            C.BasicRNNCell(3),
            C.LSTMCell(4, num_proj=2),
            C.BasicLSTMCell(2, state_is_tuple=False),
            C.MultiRNNCell([C.GRUCell(2), C.LSTMCell(3)]),
            C.MultiRNNCell([C.GRUCell(2), C.BasicRNNCell(3)], state_is_tuple=False),
            C.DropoutWrapper(C.LSTMCell(3)),
        ]
        result = []
        for cell in cells:
            static = cell.zero_state(5, tf.float64)
            dynamic = cell.zero_state(batch, tf.float32)
            initial = cell.get_initial_state(batch_size=4, dtype=tf.float32)
            result.append(
                {
                    "sizes": _plain([cell.state_size, cell.output_size]),
                    "structure": _structure(static),
                    "static": [[t.shape.as_list(), t.dtype.name] for t in tf.nest.flatten(static)],
                    "dynamic": [t.shape.as_list() for t in tf.nest.flatten(dynamic)],
                    "initial": [t.shape.as_list() for t in tf.nest.flatten(initial)],
                    "op": tf.nest.flatten(static)[0].op.name,
                }
            )
        inputs = tf.zeros([2, 3], tf.float64)
        errors = [
            _error(lambda: cells[0].get_initial_state(inputs=inputs, batch_size=3)),
            _error(lambda: cells[0].get_initial_state(inputs=inputs, dtype=tf.float32)),
            _error(lambda: cells[0].get_initial_state()),
        ]
        zeros = [tf.nest.flatten(c.zero_state(batch, tf.float32)) for c in cells]
        with v1.Session() as sess:
            values = sess.run(zeros, {batch: 2})
        return {"cells": result, "errors": errors, "values": _plain(values)}


def scenario_wrappers(C):
    with tf.Graph().as_default():
        v1.set_random_seed(7)
        x = v1.placeholder(tf.float32, [3, 4, 3])
        keep = v1.placeholder_with_default(0.6, [])
        cells = {
            "dropout": C.DropoutWrapper(
                C.LSTMCell(3),
                input_keep_prob=0.7,
                output_keep_prob=keep,
                state_keep_prob=0.5,
                seed=3,
            ),
            "variational": C.DropoutWrapper(
                C.GRUCell(3),
                input_keep_prob=0.8,
                output_keep_prob=0.7,
                state_keep_prob=0.6,
                variational_recurrent=True,
                input_size=3,
                dtype=tf.float32,
                seed=5,
            ),
            "filtered": C.DropoutWrapper(
                C.BasicLSTMCell(3),
                state_keep_prob=0.5,
                seed=2,
                dropout_state_filter_visitor=lambda s: True,
            ),
            "keep_all": C.DropoutWrapper(C.BasicRNNCell(3)),
            "residual": C.ResidualWrapper(C.BasicRNNCell(3)),
            "residual_fn": C.ResidualWrapper(C.GRUCell(3), residual_fn=lambda i, o: i * o),
            "device": C.DeviceWrapper(C.LSTMCell(3), "/cpu:0"),
            "stack": C.MultiRNNCell(
                [C.ResidualWrapper(C.LSTMCell(3)), C.DropoutWrapper(C.GRUCell(3), seed=1)]
            ),
        }
        fetches = {}
        for key, cell in cells.items():
            with v1.variable_scope(key):
                # One iteration at a time: parallel iterations would draw the dropout masks
                # of different time steps from one random op in a racy order.
                fetches[key] = v1.nn.dynamic_rnn(cell, x, dtype=tf.float32, parallel_iterations=1)
        devices = sorted(
            {op.device for op in tf.compat.v1.get_default_graph().get_operations() if op.device}
        )
        return {
            "global": _var_table(),
            "weights": {k: [v.name for v in c.weights] for k, c in cells.items()},
            "sizes": {k: _plain([c.state_size, c.output_size]) for k, c in cells.items()},
            "devices": devices,
            "wrapped": [type(cells["dropout"].wrapped_cell).__name__],
            "values": _run_graph(fetches, {x: _x([3, 4, 3], 6)}),
        }


def scenario_errors(C):
    with tf.Graph().as_default():
        return _errors_in_graph(C)


def _errors_in_graph(C):
    x_int = tf.constant([[1, 2]])
    return {
        "int_dtype": _error(lambda: C.BasicRNNCell(3, dtype=tf.int32)),
        "int_inputs": _error(lambda: C.GRUCell(3)(x_int, tf.zeros([1, 3], tf.int32))),
        "keep_prob": _error(lambda: C.DropoutWrapper(C.GRUCell(2), input_keep_prob=1.5)),
        "keep_prob_negative": _error(lambda: C.DropoutWrapper(C.GRUCell(2), state_keep_prob=-1)),
        "variational_no_dtype": _error(
            lambda: C.DropoutWrapper(C.GRUCell(2), variational_recurrent=True)
        ),
        "variational_no_input_size": _error(
            lambda: C.DropoutWrapper(
                C.GRUCell(2), input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32
            )
        ),
        "filter_not_callable": _error(
            lambda: C.DropoutWrapper(C.GRUCell(2), dropout_state_filter_visitor=3)
        ),
        "not_a_cell": _error(lambda: C.ResidualWrapper("cell")),
        "multi_empty": _error(lambda: C.MultiRNNCell([])),
        "multi_not_list": _error(lambda: C.MultiRNNCell(C.GRUCell(2))),
        "unknown_depth": _error(
            lambda: C.LSTMCell(2)(v1.placeholder(tf.float32, [1, None]), (tf.zeros([1, 2]),) * 2)
        ),
        "multi_tuple_states": _error(lambda: C.MultiRNNCell([C.LSTMCell(2)], state_is_tuple=False)),
        "rank": _error(lambda: C.GRUCell(2, name="g")(tf.zeros([1, 2, 3]), tf.zeros([1, 2]))),
        "abstract": _error(lambda: C.RNNCell().state_size),
    }


def scenario_user_cell(C):
    # A user's own RNNCell subclass creating variables with get_variable inside call.
    class Scaled(C.RNNCell):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self._units = units

        @property
        def state_size(self):
            return self._units

        @property
        def output_size(self):
            return self._units

        def call(self, inputs, state):
            w = v1.get_variable("w", [inputs.shape[-1], self._units])
            s = v1.get_variable("s", [self._units], trainable=False)
            out = tf.tanh(tf.matmul(inputs, w) + state * s)
            return out, out

    class Built(C.RNNCell):
        # The other style: weights from build/add_weight, a tuple state.
        state_size = (2, 3)
        output_size = 2

        def build(self, input_shape):
            self.k = self.add_weight("k", [input_shape[-1], 2])
            self.built = True

        def call(self, inputs, state):
            a, b = state
            out = tf.matmul(inputs, self.k) + a
            return out, (out, b * 0.5)

    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2, 3, 4])
        cell = Scaled(3)
        outputs, state = v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        built = Built(name="built")
        stacked = C.MultiRNNCell([built, C.GRUCell(2)])
        b_outputs, b_state = v1.nn.dynamic_rnn(stacked, x, dtype=tf.float32, scope="second")
        return {
            "global": _var_table(),
            "trainable": [v.name for v in cell.trainable_weights],
            "non_trainable": [v.name for v in cell.non_trainable_weights],
            "built_weights": [v.name for v in stacked.weights],
            "sizes": _plain([stacked.state_size, stacked.output_size]),
            "values": _run_graph([outputs, state, b_outputs, b_state], {x: _x([2, 3, 4], 8)}),
        }


def scenario_training(C):
    results = {}
    for kind in ("lstm", "gru"):
        with tf.Graph().as_default():
            x = tf.constant(_x([4, 6, 3], 10))
            target = tf.constant(_x([4, 6, 5], 11))
            cell = C.LSTMCell(5, use_peepholes=True) if kind == "lstm" else C.GRUCell(5)
            outputs, _ = v1.nn.dynamic_rnn(cell, x, sequence_length=[6, 5, 3, 1], dtype=tf.float32)
            loss = tf.reduce_mean((outputs - target) ** 2)
            variables = v1.trainable_variables()
            grads = tf.gradients(loss, variables)
            step = v1.train.AdamOptimizer(0.05).minimize(loss)
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                _fill(variables, sess)
                first_grads = sess.run(grads)
                losses = []
                for _ in range(4):
                    losses.append(float(sess.run([loss, step])[0]))
                results[kind] = _plain(
                    {"grads": first_grads, "losses": losses, "weights": sess.run(variables)}
                )
    return results


def scenario_eager_and_function(C):
    x = tf.constant(_x([2, 5, 3], 12))
    lstm = C.LSTMCell(4, num_proj=2)
    step_out, step_state = lstm(x[:, 0], lstm.zero_state(2, tf.float32))
    _fill(lstm.weights)
    step_out, step_state = lstm(x[:, 0], lstm.zero_state(2, tf.float32))
    gru = C.MultiRNNCell([C.GRUCell(3), C.BasicLSTMCell(2)])

    @tf.function
    def run(inputs):
        return v1.nn.dynamic_rnn(gru, inputs, sequence_length=[5, 2], dtype=tf.float32)

    run(x)
    _fill(gru.weights)
    outputs, state = run(x)
    return {
        "eager_names": [v.name for v in lstm.weights],
        "function_names": [v.name for v in gru.weights],
        "values": _plain([step_out, step_state, outputs, state]),
        "structure": _structure(state),
    }


def scenario_keras_equivalents(C):
    # The v1 cells that have a Keras 3 counterpart, with their variables and outputs.
    cells = {
        "basic_lstm": lambda: C.BasicLSTMCell(5),
        "lstm_forget_bias": lambda: C.LSTMCell(5, forget_bias=0.25),
        "gru": lambda: C.GRUCell(5),
        "basic_rnn": lambda: C.BasicRNNCell(5),
    }
    results = {}
    for kind, make in cells.items():
        with tf.Graph().as_default():
            cell = make()
            outputs, _ = v1.nn.dynamic_rnn(cell, tf.constant(_x([3, 6, 4], 14)), dtype=tf.float32)
            values = _run_graph([outputs, cell.weights])
            results[kind] = {"outputs": values[0], "variables": values[1]}
            if kind == "lstm_forget_bias":
                results[kind]["forget_bias"] = 0.25
    return results


def scenario_checkpoint(C, mode, ckpt_dir):
    with tf.Graph().as_default():
        x = tf.constant(_x([2, 5, 3], 13))
        with v1.variable_scope("encoder"):
            outputs, states = v1.nn.bidirectional_dynamic_rnn(
                C.LSTMCell(4), C.GRUCell(3), x, sequence_length=[5, 3], dtype=tf.float32
            )
        saver = v1.train.Saver()
        with v1.Session() as sess:
            if mode == "save":
                sess.run(v1.global_variables_initializer())
                _fill(v1.global_variables(), sess)
                saver.save(sess, ckpt_dir + "/model")
            else:
                saver.restore(sess, ckpt_dir + "/model")
            return _plain(sess.run([outputs, states]))


SCENARIOS = [
    scenario_public_names,
    scenario_dynamic_multi_lstm,
    scenario_bidirectional_dynamic,
    scenario_static_rnns,
    scenario_state_saving_and_raw_rnn,
    scenario_lstm_options,
    scenario_by_hand_scopes_and_reuse,
    scenario_zero_state_and_sizes,
    scenario_wrappers,
    scenario_errors,
    scenario_user_cell,
    scenario_training,
    scenario_eager_and_function,
    scenario_keras_equivalents,
]
_HELPERS = [
    _var_table,
    _error,
    _errors_in_graph,
    _values,
    _fill,
    _x,
    _plain,
    _structure,
    _run_graph,
    _lstm_configs,
]


def _oracle_script(ckpt_dir: str) -> str:
    sources = [inspect.getsource(f) for f in _HELPERS + SCENARIOS + [scenario_checkpoint]]
    runner = textwrap.dedent(
        f"""
        C = v1.nn.rnn_cell
        RESULTS = {{}}
        for fn, args in [(fn, ()) for fn in [{", ".join(f.__name__ for f in SCENARIOS)}]] + [
            (scenario_dynamic_multi_lstm, ("float64",)),
            (scenario_bidirectional_dynamic, ("float64",)),
        ]:
            key = "/".join([fn.__name__, *args])
            try:
                RESULTS[key] = {{"value": fn(C, *args)}}
            except Exception as exc:
                RESULTS[key] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
        RESULTS["scenario_checkpoint"] = {{"value": scenario_checkpoint(C, "save", {ckpt_dir!r})}}
        save_json(RESULTS)
        """
    )
    prelude = "import inspect\nimport re\nimport tensorflow as tf\nv1 = tf.compat.v1\n"
    return prelude + "\n".join(sources) + runner


@pytest.fixture(scope="module")
def ckpt_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("legacy_rnn_ckpt"))


@pytest.fixture(scope="module")
def oracle(ckpt_dir) -> dict:
    return run_reference(_oracle_script(ckpt_dir)).json


def _expected(oracle: dict, scenario, *args) -> object:
    entry = oracle["/".join([scenario.__name__, *args])]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {scenario.__name__}: {entry['crash']}")
    return entry["value"]


_RUNS: dict = {}


def _run(scenario, *args):
    key = (scenario.__name__, *args)
    if key not in _RUNS:
        _RUNS[key] = json.loads(json.dumps(scenario(rnn_cell, *args)))
    return copy.deepcopy(_RUNS[key])


def _same(actual, expected):
    # Same ops in the same order on both sides (oneDNN off in both processes): bit-for-bit.
    if isinstance(expected, list) and expected and isinstance(expected[0], list | dict):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected, strict=True):
            _same(a, e)
    elif isinstance(expected, dict):
        assert sorted(actual) == sorted(expected)
        for key in expected:
            _same(actual[key], expected[key])
    else:
        np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected))


# --------------------------------------------------------------------------------------------
# Tests.


def test_public_names_and_signatures_match(oracle):
    expected = _expected(oracle, scenario_public_names)
    assert "LSTMCell" in expected["names"]
    assert _run(scenario_public_names) == expected


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dynamic_rnn_multi_lstm(oracle, dtype):
    args = () if dtype == "float32" else (dtype,)
    expected = _expected(oracle, scenario_dynamic_multi_lstm, *args)
    assert expected["global"][0][0] == "rnn/multi_rnn_cell/cell_0/lstm_cell/kernel:0"
    actual = _run(scenario_dynamic_multi_lstm, *args)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_bidirectional_dynamic_rnn(oracle, dtype):
    args = () if dtype == "float32" else (dtype,)
    expected = _expected(oracle, scenario_bidirectional_dynamic, *args)
    assert "bidirectional_rnn/fw/gru_cell/gates/kernel:0" in [r[0] for r in expected["global"]]
    actual = _run(scenario_bidirectional_dynamic, *args)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


@pytest.mark.parametrize(
    "scenario",
    [scenario_static_rnns, scenario_state_saving_and_raw_rnn, scenario_user_cell],
    ids=["static_rnn", "state_saving_and_raw_rnn", "user_cell"],
)
def test_rnn_functions_and_user_cells(oracle, scenario):
    expected = _expected(oracle, scenario)
    actual = _run(scenario)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


@pytest.mark.parametrize("index", range(len(_lstm_configs())))
def test_lstm_cell_options(oracle, index):
    expected = _expected(oracle, scenario_lstm_options)[index]
    actual = _run(scenario_lstm_options)[index]
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected, _lstm_configs()[index]
    _same(*values)


def test_scopes_reuse_and_calls_by_hand(oracle):
    expected = _expected(oracle, scenario_by_hand_scopes_and_reuse)
    actual = _run(scenario_by_hand_scopes_and_reuse)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


def test_zero_state_and_sizes(oracle):
    expected = _expected(oracle, scenario_zero_state_and_sizes)
    actual = _run(scenario_zero_state_and_sizes)
    assert actual == expected


def test_wrappers(oracle):
    expected = _expected(oracle, scenario_wrappers)
    actual = _run(scenario_wrappers)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


def test_errors_match_legacy(oracle):
    expected = _expected(oracle, scenario_errors)
    actual = _run(scenario_errors)
    assert sorted(actual) == sorted(expected)
    for key, legacy in expected.items():
        ours = actual[key]
        assert (ours is None) == (legacy is None), key
        if legacy is not None:
            assert ours[0] == legacy[0], key
            # Same words where user code matched on them; our message may add the argument form.
            assert legacy[1] in ours[1] or ours[1].startswith("Invalid value for argument"), key


def test_gradients_and_training_steps(oracle):
    expected = _expected(oracle, scenario_training)
    actual = _run(scenario_training)
    for kind in ("lstm", "gru"):
        _same(actual[kind]["grads"], expected[kind]["grads"])
        _same(actual[kind]["losses"], expected[kind]["losses"])
        _same(actual[kind]["weights"], expected[kind]["weights"])


def test_eager_and_tf_function(oracle):
    expected = _expected(oracle, scenario_eager_and_function)
    actual = _run(scenario_eager_and_function)
    values = actual.pop("values"), expected.pop("values")
    assert actual == expected
    _same(*values)


def test_legacy_checkpoint_restores_with_identical_outputs(oracle, ckpt_dir):
    expected = _expected(oracle, scenario_checkpoint)
    checkpoint_names = {name for name, _ in tf.train.list_variables(ckpt_dir + "/model")}
    assert "encoder/bidirectional_rnn/fw/lstm_cell/kernel" in checkpoint_names
    assert "encoder/bidirectional_rnn/bw/gru_cell/candidate/bias" in checkpoint_names
    actual = json.loads(json.dumps(scenario_checkpoint(rnn_cell, "restore", ckpt_dir)))
    assert actual == expected


_KERAS_EQUIVALENTS = {
    # v1 cell -> (Keras 3 cell, its constructor arguments, layouts converter)
    "basic_lstm": (keras.layers.LSTMCell, {}, layouts.lstm_v1_to_keras),
    "lstm_forget_bias": (keras.layers.LSTMCell, {}, layouts.lstm_v1_to_keras),
    "gru": (keras.layers.GRUCell, {"reset_after": False}, layouts.gru_v1_to_keras),
    "basic_rnn": (keras.layers.SimpleRNNCell, {}, layouts.basic_rnn_v1_to_keras),
}


@pytest.mark.parametrize("kind", sorted(_KERAS_EQUIVALENTS))
def test_keras3_cells_match_once_weights_are_converted(oracle, kind):
    legacy = _expected(oracle, scenario_keras_equivalents)[kind]
    cls, arguments, convert = _KERAS_EQUIVALENTS[kind]
    extra = {"forget_bias": legacy["forget_bias"]} if "forget_bias" in legacy else {}
    weights = convert(*[np.asarray(w, np.float32) for w in legacy["variables"]], **extra)
    x = _x([3, 6, 4], 14)
    units = np.asarray(legacy["outputs"]).shape[-1]
    layer = keras.layers.RNN(cls(units, **arguments), return_sequences=True)
    layer.build((None, 6, 4))
    layer.cell.set_weights(list(weights))
    np.testing.assert_allclose(np.asarray(layer(x)), legacy["outputs"], atol=2e-6, rtol=0)
