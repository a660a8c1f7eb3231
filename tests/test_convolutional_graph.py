"""Graph-mode behaviour of every convolution layer, compared with TensorFlow's legacy layers.

Each scenario is a function of `L` that loops over the table `LAYERS` and returns plain
JSON data per layer. One oracle process runs every scenario with `L = tf.compat.v1.layers`
under `TF_USE_LEGACY_KERAS=1`; the tests run the same source with `L = compat_layers` and
compare, layer by layer (names, collections, reuse, numbering, outputs and gradients to the
bit, output tensor names, errors, signatures, TF1 Saver checkpoints).
"""

from __future__ import annotations

import copy
import inspect
import json
import os
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import reference_env, run_reference

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

# --------------------------------------------------------------------------------------------
# Helpers shipped to the oracle with the scenarios (they use only tf, np and v1).


def _var_table(key="variables"):
    return [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in v1.get_collection(key)]


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the oracle records whatever the legacy layer raises
        return [type(exc).__name__, str(exc).splitlines()[0] if str(exc) else ""]
    return None


def _prefixes(cls):
    return ["depthwise", "pointwise"] if cls.startswith("Separable") else ["kernel"]


def _weight_kw(cls, suffix, make):
    kw = {f"{p}_{suffix}": make(i) for i, p in enumerate(_prefixes(cls))}
    kw[f"bias_{suffix}"] = make(len(kw))
    return kw


def _seeded(seed):
    def initializer(shape, dtype=tf.float32, partition_info=None):
        values = np.random.RandomState(seed).uniform(-0.5, 0.5, shape)
        return tf.constant(values, dtype=dtype)

    return initializer


def _regularizer(i):
    return lambda weight: (0.01 * (i + 1)) * tf.reduce_sum(tf.square(weight))


def _constraint(i):
    return lambda weight: tf.clip_by_value(weight, -0.1 * (i + 1), 0.1 * (i + 1))


def _x(shape, seed=0, dtype=np.float32):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(dtype)


def _configs(cls):
    rank = 3 if cls.endswith("3D") or cls.endswith("3DTranspose") else (1 if "1D" in cls else 2)
    if "Transpose" in cls:
        configs = [
            {},
            {"strides": 2, "padding": "same", "activation": tf.nn.relu},
            {"strides": 2, "kernel_size": 1},
            {"strides": (3,) + (1,) * (rank - 1), "kernel_size": 2, "use_bias": False},
            {"strides": 2, "output_padding": 1},
        ]
    else:
        configs = [
            {},
            {"strides": 2, "padding": "same", "activation": tf.nn.relu},
            {"dilation_rate": 2, "padding": "same", "use_bias": False},
            {"kernel_size": (1,) * (rank - 1) + (2,), "strides": (2,) + (1,) * (rank - 1)},
        ]
        if cls.startswith("Separable"):
            configs[1]["depth_multiplier"] = 2
            configs[3] = {"kernel_size": 2, "strides": 2, "depth_multiplier": 3}
        if rank == 1:
            configs.append({"padding": "causal", "dilation_rate": 2})
    return configs


# --------------------------------------------------------------------------------------------
# Scenarios.


def scenario_names(L):
    results = {}
    for cls, fn, shape in LAYERS:
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, shape)
            f = getattr(L, fn)
            with v1.variable_scope("enc"):
                a = f(x, 4, 3)
                b = f(x, 4, 2, name="c1", activation=tf.nn.relu)
            c = f(x, 4, 3, use_bias=False)
            layer = getattr(L, cls)(4, 2, padding="same")
            before = layer.name
            d = layer(x)
            e = layer(x)
            g = f(x, 4, 3)
            outs = [a, b, c, d, e, g]
            results[cls] = {
                "global": _var_table(v1.GraphKeys.GLOBAL_VARIABLES),
                "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
                "output_names": [t.name for t in outs],
                "output_shapes": [t.shape.as_list() for t in outs],
                "output_dtypes": [t.dtype.name for t in outs],
                "layer": [before, layer.name, layer.scope_name, len(layer.weights)],
                "weights": [w.name for w in layer.weights],
            }
    return results


def scenario_collections(L):
    results = {}
    for cls, fn, shape in LAYERS:
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, shape)
            kw = {
                **_weight_kw(cls, "regularizer", _regularizer),
                **_weight_kw(cls, "constraint", _constraint),
                **_weight_kw(cls, "initializer", lambda i: _seeded(10 + i)),
            }
            layer = getattr(L, cls)(4, 2, name="reg", **kw)
            layer(x)
            frozen = getattr(L, fn)(x, 4, 2, trainable=False, name="frozen")
            with v1.variable_scope("scoped", initializer=v1.constant_initializer(0.25)):
                getattr(L, fn)(x, 4, 2, bias_initializer=None)
            scoped = v1.get_collection(v1.GraphKeys.GLOBAL_VARIABLES, "scoped")
            losses = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                values = sess.run(losses)
                scoped_values = [np.unique(v).tolist() for v in sess.run(scoped)]
            results[cls] = {
                "global": _var_table(v1.GraphKeys.GLOBAL_VARIABLES),
                "trainable": _var_table(v1.GraphKeys.TRAINABLE_VARIABLES),
                "losses": [t.name for t in losses],
                "loss_values": [float(v) for v in values],
                "layer_losses": len(layer.losses),
                "constraints": [w.constraint is not None for w in layer.weights],
                "frozen": frozen.name,
                "scope_initializer": scoped_values,
                "update_ops": len(v1.get_collection(v1.GraphKeys.UPDATE_OPS)),
            }
    return results


def scenario_reuse(L):
    results = {}
    for _cls, fn, shape in LAYERS:
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, shape)
            f = getattr(L, fn)
            outs = [f(x, 3, 2, name="s"), f(x, 3, 2, name="s", reuse=True)]
            outs += [f(x, 3, 2, name="auto", reuse=v1.AUTO_REUSE) for _ in range(2)]
            with v1.variable_scope("blk"):
                outs.append(f(x, 3, 2))
            with v1.variable_scope("blk", reuse=True):
                outs.append(f(x, 3, 2))
            for _ in range(2):
                with v1.variable_scope("loop", reuse=v1.AUTO_REUSE):
                    outs.append(f(x, 3, 2))
            missing = _error(lambda f=f, x=x: f(x, 3, 2, name="nope", reuse=True))
            repeated = _error(lambda f=f, x=x: f(x, 3, 2, name="s"))
            results[_cls] = {
                "global": _var_table(),
                "outputs": [t.name for t in outs],
                "missing": missing[0] if missing else None,
                "repeated": repeated[0] if repeated else None,
            }
    return results


def scenario_numerics(L, data_format="channels_last", only=None, dtypes=None):
    """Outputs and gradients (input and every weight) of each configuration, per dtype."""
    results = {}
    for cls, _fn, shape in LAYERS:
        if only is not None and cls not in only:
            continue
        for dtype in dtypes or ("float32", "float64", "float16"):
            configs = _configs(cls) if dtype == "float32" else _configs(cls)[:2]
            with tf.Graph().as_default():
                first = data_format == "channels_first"
                perm = [0, len(shape) - 1, *range(1, len(shape) - 1)]
                back = [0, *range(2, len(shape)), 1]
                x_value = _x(shape, seed=1, dtype=dtype)
                x = v1.placeholder(dtype, shape)
                fetches = []
                for i, config in enumerate(configs):
                    inits = _weight_kw(cls, "initializer", lambda j, i=i: _seeded(100 * i + j))
                    kw = {"filters": 4, "kernel_size": 3, **inits, **config}
                    layer = getattr(L, cls)(**kw, data_format=data_format)
                    y = layer(tf.transpose(x, perm) if first else x)
                    y = tf.transpose(y, back) if first else y
                    probe = tf.constant(_x(y.shape.as_list(), seed=5 + i, dtype=dtype))
                    grads = tf.gradients(tf.reduce_sum(y * probe), [x, *layer.weights])
                    fetches.append([y, *grads])
                with v1.Session() as sess:
                    sess.run(v1.global_variables_initializer())
                    values = sess.run(fetches, {x: x_value})
            results[f"{cls}/{dtype}"] = [[a.tolist() for a in run] for run in values]
    return results


def scenario_shapes(L):
    """Static output shapes: unknown dimensions, and transposed sizes for every setting."""
    results = {}
    for cls, fn, shape in LAYERS:
        with tf.Graph().as_default():
            f = getattr(L, fn)
            unknown = [
                f(v1.placeholder(tf.float32, [None] * (len(shape) - 1) + [3]), 2, 2),
                f(v1.placeholder(tf.float32, [None, *shape[1:]]), 2, 2, padding="same"),
            ]
            grid = []
            if "Transpose" in cls:
                x = v1.placeholder(tf.float32, shape)
                for kernel in (1, 2, 3, 4):
                    for stride in (1, 2, 3):
                        for padding in ("valid", "same"):
                            y = f(x, 2, kernel, strides=stride, padding=padding)
                            grid.append(y.shape.as_list())
            results[cls] = {"unknown": [t.shape.as_list() for t in unknown], "grid": grid}
    return results


def _errors_of(L, cls, fn, shape):
    f = getattr(L, fn)

    def attempt(make, input_shape=shape):
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, input_shape)
            return [_error(lambda: make(x)), len(v1.global_variables())]

    def second_call(x):
        layer = getattr(L, cls)(2, 2)
        layer(x)
        layer(v1.placeholder(tf.float32, shape[:-1] + [5]))

    big = max(shape[1:-1]) + 1
    return {
        "rank_low": attempt(lambda x: f(x, 2, 2), shape[:-1]),
        "unknown_channels": attempt(lambda x: f(x, 2, 2), shape[:-1] + [None]),
        "changed_channels": attempt(second_call),
        "causal": attempt(lambda x: f(x, 2, 2, padding="causal")),
        "filters_zero": attempt(lambda x: f(x, 0, 2)),
        "kernel_zero": attempt(lambda x: f(x, 2, 0)),
        "too_short": attempt(lambda x: f(x, 2, big)),
        "strides_and_dilation": attempt(lambda x: f(x, 2, 2, strides=2, dilation_rate=2)),
    }


def scenario_batch_dims(L):
    """The plain convolutions accept extra leading batch axes (legacy `min_ndim`)."""
    results = {}
    for cls, _fn, shape in LAYERS[:3]:
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, [3, *shape])
            inits = _weight_kw(cls, "initializer", _seeded)
            y = getattr(L, cls)(4, 2, activation=tf.nn.relu, **inits)(x)
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                value = sess.run(y, {x: _x([3, *shape], seed=4)})
            results[cls] = [y.name, y.shape.as_list(), value.tolist()]
    return results


def scenario_errors(L):
    return {cls: _errors_of(L, cls, fn, shape) for cls, fn, shape in LAYERS}


def scenario_signatures(L):
    def text(obj):
        parameters = inspect.signature(obj.__init__ if isinstance(obj, type) else obj).parameters
        items = [
            f"{'**' * (p.kind == p.VAR_KEYWORD)}{n}={p.default!r}" for n, p in parameters.items()
        ]
        return re.sub(r"<[^>]* object at 0x[0-9a-f]+>", "<object>", ", ".join(items))

    return {name: [text(getattr(L, cls)), text(getattr(L, name))] for cls, name, _ in LAYERS}


def scenario_warnings(L):
    results = {}
    for cls, fn, shape in LAYERS:
        with tf.Graph().as_default(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(L, fn)(v1.placeholder(tf.float32, shape), 2, 2)
            results[cls] = [str(w.message) for w in caught if "deprecated" in str(w.message)]
    return results


def scenario_checkpoint(L, mode, ckpt_dir):
    """Every layer in one graph; the oracle trains a step and saves, compat restores."""
    results = {}
    with tf.Graph().as_default():
        v1.set_random_seed(3)
        outputs, feed = [], {}
        for i, (_cls, fn, shape) in enumerate(LAYERS):
            x = v1.placeholder(tf.float32, shape)
            feed[x] = _x(shape, seed=20 + i)
            with v1.variable_scope("model"):
                outputs.append(getattr(L, fn)(x, 4, 2, activation=tf.nn.tanh, name=fn))
        loss = tf.add_n([tf.reduce_mean(tf.square(y - 0.3)) for y in outputs])
        train = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        saver = v1.train.Saver()
        with v1.Session() as sess:
            if mode == "save":
                sess.run(v1.global_variables_initializer())
                sess.run(train, feed)
                saver.save(sess, ckpt_dir + "/model")
            else:
                saver.restore(sess, ckpt_dir + "/model")
            restored = sess.run(outputs, feed)
            sess.run(train, feed)
            stepped = sess.run(outputs, feed)
        for (cls, _fn, _shape), r, s in zip(LAYERS, restored, stepped, strict=True):
            results[cls] = [r.tolist(), s.tolist()]
        results["global"] = _var_table()
    return results


SCENARIOS = [
    scenario_names,
    scenario_collections,
    scenario_reuse,
    scenario_numerics,
    scenario_shapes,
    scenario_errors,
    scenario_batch_dims,
    scenario_signatures,
    scenario_warnings,
]
_HELPERS = [_var_table, _error, _prefixes, _weight_kw, _seeded, _regularizer, _constraint, _x]
_HELPERS += [_configs, _errors_of]


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
        NATIVE = ["Conv2DTranspose"]  # the one legacy layer running channels_first on CPU
        RESULTS["channels_first"] = scenario_numerics(v1.layers, "channels_first", NATIVE)
        SAVED = scenario_checkpoint(v1.layers, "save", {ckpt_dir!r})
        RESULTS["scenario_checkpoint"] = {{"value": SAVED}}
        save_json(RESULTS)
        """
    )
    prelude = (
        "import inspect\nimport re\nimport warnings\nimport tensorflow as tf\n"
        f"v1 = tf.compat.v1\nLAYERS = {LAYERS!r}\n"
    )
    return prelude + "\n".join(sources) + runner


@pytest.fixture(scope="module")
def ckpt_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("legacy_conv_ckpt"))


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
    # One in-process run of a scenario serves every layer's test.
    key = (scenario.__name__, *args)
    if key not in _RUNS:
        _RUNS[key] = json.loads(json.dumps(scenario(compat_layers, *args)))
    return copy.deepcopy(_RUNS[key])


# --------------------------------------------------------------------------------------------
# Tests.

layers = pytest.mark.parametrize("cls", NAMES)


@layers
def test_variables_outputs_and_numbering_match_legacy(oracle, cls):
    expected = _expected(oracle, scenario_names)[cls]
    assert any("enc/" in row[0] and "/bias:0" in row[0] for row in expected["global"])
    assert _run(scenario_names)[cls] == expected


@layers
def test_collections_regularizers_and_constraints_match_legacy(oracle, cls):
    expected = _expected(oracle, scenario_collections)[cls]
    assert expected["losses"] and all(expected["constraints"])
    assert expected["scope_initializer"][0] == [0.25]  # the kernel took the scope's
    assert _run(scenario_collections)[cls] == expected


@layers
def test_reuse_matches_legacy(oracle, cls):
    expected = _expected(oracle, scenario_reuse)[cls]
    assert expected["missing"] == "ValueError" and expected["repeated"] == "ValueError"
    assert _run(scenario_reuse)[cls] == expected


@layers
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_outputs_and_gradients_bit_identical(oracle, cls, dtype):
    expected = _expected(oracle, scenario_numerics)[f"{cls}/{dtype}"]
    actual = _run(scenario_numerics)[f"{cls}/{dtype}"]
    assert len(actual) == len(expected)
    for config, got, want in zip(_configs(cls), actual, expected, strict=False):
        for index, (a, b) in enumerate(zip(got, want, strict=True)):
            np.testing.assert_array_equal(np.array(a), np.array(b), err_msg=f"{config} #{index}")


@layers
def test_channels_first_equals_legacy_channels_last_transposed(oracle, cls):
    # Without oneDNN and a GPU the legacy layers cannot run NC.. on CPU (Conv2DTranspose
    # excepted); the channels_last reference with transposed tensors is the same computation.
    expected = oracle["channels_first"].get(f"{cls}/float32")
    if expected is None:
        expected = _expected(oracle, scenario_numerics)[f"{cls}/float32"]
    actual = _run(scenario_numerics, "channels_first")[f"{cls}/float32"]
    for got, want in zip(actual, expected, strict=True):
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(np.array(a), np.array(b))


@pytest.mark.parametrize("cls", NAMES[:3])
def test_extra_batch_axes_match_legacy(oracle, cls):
    expected = _expected(oracle, scenario_batch_dims)[cls]
    assert len(expected[1]) == len(SHAPES[cls]) + 1
    assert _run(scenario_batch_dims)[cls] == expected


@layers
def test_static_output_shapes_match_legacy(oracle, cls):
    expected = _expected(oracle, scenario_shapes)[cls]
    assert _run(scenario_shapes)[cls] == expected


# The legacy words user code matches on, per error case (when legacy raised a ValueError).
_LEGACY_WORDS = {
    "rank_low": "ndim",
    "unknown_channels": "channel dimension of the inputs",
    "changed_channels": "axis -1",
}


@layers
@pytest.mark.parametrize(
    "case",
    [
        "rank_low",
        "unknown_channels",
        "changed_channels",
        "causal",
        "filters_zero",
        "kernel_zero",
        "too_short",
        "strides_and_dilation",
    ],
)
def test_errors_are_early_value_errors_with_legacy_words(oracle, cls, case):
    (legacy_error, _legacy_vars) = _expected(oracle, scenario_errors)[cls][case]
    actual_error, actual_vars = _run(scenario_errors)[cls][case]
    if legacy_error is None:
        # Legacy accepted it: so may we, or refuse it early and clearly.
        assert actual_error is None or actual_error[0] == "ValueError", actual_error
        return
    if legacy_error[0] == "TypeError":  # an argument the signature lacks
        assert actual_error is not None and actual_error[0] == "TypeError", actual_error
        return
    assert actual_error is not None and actual_error[0] == "ValueError", actual_error
    message = actual_error[1]
    assert "Invalid value for argument" in message or "incompatible with the layer" in message
    if case in _LEGACY_WORDS and legacy_error[0] == "ValueError":
        assert _LEGACY_WORDS[case] in legacy_error[1], legacy_error
        assert _LEGACY_WORDS[case] in message, message
    if case != "changed_channels":
        assert actual_vars == 0


@layers
def test_signatures_and_defaults_match_legacy(oracle, cls):
    fn = dict((c, f) for c, f, _ in LAYERS)[cls]
    assert _run(scenario_signatures)[fn] == _expected(oracle, scenario_signatures)[fn]


@layers
def test_functional_forms_warn_deprecated(oracle, cls):
    assert _expected(oracle, scenario_warnings)[cls]
    (message,) = _run(scenario_warnings)[cls]
    assert "is deprecated" in message and cls in message


def test_tf1_saver_checkpoint_of_legacy_graph_restores(oracle, ckpt_dir):
    expected = _expected(oracle, scenario_checkpoint)
    actual = json.loads(json.dumps(scenario_checkpoint(compat_layers, "restore", ckpt_dir)))
    assert actual["global"] == expected["global"]
    for cls in NAMES:
        for got, want in zip(actual[cls], expected[cls], strict=True):
            np.testing.assert_array_equal(np.array(got), np.array(want), err_msg=cls)


def test_channels_first_with_onednn_runs_natively_and_matches_legacy(tmp_path):
    # Users run with oneDNN on (TensorFlow's default on x86), where both the legacy layers
    # and ours run the NC.. kernels natively; the rest of this suite runs with oneDNN off.
    # One process with oneDNN on runs both (compat_layers needs no Keras 3 to run).
    sources = [inspect.getsource(f) for f in _HELPERS + [scenario_numerics]]
    script = tmp_path / "onednn.py"
    script.write_text(
        "import json, sys\nimport numpy as np\nimport tensorflow as tf\nv1 = tf.compat.v1\n"
        f"LAYERS = {LAYERS!r}\n"
        + "\n".join(sources)
        + textwrap.dedent(
            """
            import compat_layers
            from compat_layers import _conv_utils
            native = _conv_utils.native_channels_first(False)
            legacy = scenario_numerics(v1.layers, "channels_first", dtypes=["float32"])
            ours = scenario_numerics(compat_layers, "channels_first", dtypes=["float32"])
            json.dump({"native": native, "equal": {k: ours[k] == legacy[k] for k in legacy}},
                      sys.stdout)
            """
        )
    )
    env = {**reference_env(), "TF_ENABLE_ONEDNN_OPTS": "1"}
    root = str(Path(compat_layers.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["native"] is True
    assert result["equal"] == {f"{cls}/float32": True for cls in NAMES}
