"""Training equality: a v1 graph trained with the legacy batch norm and with `compat_layers`.

The graph is conv2d -> batch norm -> relu -> dense -> softmax cross-entropy, the train op built
under `control_dependencies(UPDATE_OPS)`. The convolution and the dense layer are raw TensorFlow
ops over `tf.compat.v1.get_variable` (identical code on both sides), so only the batch norm
differs. `_train(L, config)` runs once per configuration in the oracle (`L =
tf.compat.v1.layers` under `TF_USE_LEGACY_KERAS=1`, one process for the module) and in-process
with `L = compat_layers`, from the same initial values and data; every global variable (moving
statistics, renorm statistics and optimizer slots included) is compared after every step, and
the inference outputs with `training=False` afterwards.
"""

from __future__ import annotations

import inspect
import textwrap

import numpy as np
import pytest
import tensorflow as tf

import compat_layers
from golden.reference import run_reference
from golden.tolerances import TOLERANCES

v1 = tf.compat.v1

pytestmark = [
    pytest.mark.reference,
    pytest.mark.filterwarnings("ignore::compat_layers.LegacyLayerWarning"),
]

STEPS = 20


# --------------------------------------------------------------------------------------------
# Shipped to the oracle (uses only tf, np and v1).


def _train_configs():
    clip = {"rmax": 1.5, "rmin": 0.7, "dmax": 0.5}
    return {
        "fused_sgd": dict(bn={"momentum": 0.9}, opt="sgd"),
        "fused_adam": dict(bn={"momentum": 0.9}, opt="adam"),
        "nonfused_sgd": dict(bn={"momentum": 0.9, "fused": False}, opt="sgd"),
        "nonfused_adam": dict(bn={"fused": False}, opt="adam"),
        "renorm_adam": dict(
            bn={"momentum": 0.8, "renorm": True, "renorm_clipping": clip, "renorm_momentum": 0.9},
            opt="adam",
        ),
        "virtual_sgd": dict(bn={"momentum": 0.9, "virtual_batch_size": 4}, opt="sgd"),
        "virtual_python_bool": dict(
            bn={"momentum": 0.9, "virtual_batch_size": 4}, opt="adam", towers=True
        ),
        "fused_python_bool": dict(bn={"momentum": 0.9}, opt="adam", towers=True),
        "channels_first": dict(bn={"momentum": 0.9, "axis": 1}, opt="sgd", nchw=True),
        "channels_first_nonfused": dict(
            bn={"momentum": 0.9, "axis": 1, "fused": False}, opt="adam", nchw=True
        ),
        "float16": dict(bn={"momentum": 0.9}, opt="sgd", dtype="float16"),
        "float16_nonfused": dict(bn={"momentum": 0.9, "fused": False}, opt="sgd", dtype="float16"),
    }


def _train(L, name, steps):
    """Build the graph for one configuration, train `steps` steps, record every variable."""
    config = _train_configs()[name]
    dtype = tf.as_dtype(config.get("dtype", "float32"))
    nchw = config.get("nchw", False)
    batch, size, channels, filters, classes = 8, 6, 3, 4, 5
    rng = np.random.RandomState(7)
    images = rng.uniform(-1, 1, (steps + 1, batch, size, size, channels)).astype(np.float32)
    images += rng.uniform(0, 2, (1, 1, 1, 1, channels)).astype(np.float32)
    labels = rng.randint(0, classes, (steps + 1, batch))
    kernel0 = rng.uniform(-0.5, 0.5, (3, 3, channels, filters)).astype(np.float32)
    dense0 = rng.uniform(-0.3, 0.3, (size * size * filters, classes)).astype(np.float32)
    with tf.Graph().as_default() as graph:
        x = v1.placeholder(dtype, [batch] + list(images.shape[2:]), name="x")
        y = v1.placeholder(tf.int64, [batch], name="y")
        training = v1.placeholder(tf.bool, [], name="training")

        def tower(inputs, bn_training, reuse):
            with v1.variable_scope("net", reuse=reuse):
                kernel = v1.get_variable(
                    "conv/kernel", dtype=dtype, initializer=tf.cast(kernel0, dtype)
                )
                h = tf.nn.conv2d(inputs, kernel, 1, "SAME")
                if nchw:  # CPU convolutions have no NCHW gradient: transpose around them
                    h = tf.transpose(h, [0, 3, 1, 2])
                h = L.batch_normalization(
                    h, training=bn_training, name="bn", reuse=reuse, **config["bn"]
                )
                h = tf.nn.relu(h)
                if nchw:
                    h = tf.transpose(h, [0, 2, 3, 1])
                h = tf.reshape(tf.cast(h, tf.float32), [batch, -1])
                w = v1.get_variable("dense/kernel", initializer=dense0)
                b = v1.get_variable("dense/bias", initializer=tf.zeros([classes]))
                return tf.matmul(h, w) + b

        if config.get("towers"):
            logits = tower(x, True, None)
            eval_logits = tower(x, False, True)
        else:
            logits = tower(x, training, None)
            eval_logits = logits
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        )
        if config["opt"] == "sgd":
            optimizer = v1.train.GradientDescentOptimizer(0.1)
        else:
            optimizer = v1.train.AdamOptimizer(0.01)
        update_ops = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
        with tf.control_dependencies(update_ops):
            train_op = optimizer.minimize(loss)
        variables = v1.global_variables()
        record = {"n_update_ops": len(update_ops)}
        arrays = {}
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            for step in range(steps):
                feed = {x: images[step].astype(dtype.as_numpy_dtype), y: labels[step]}
                feed[training] = True
                _, loss_value = sess.run([train_op, loss], feed)
                arrays[f"loss~{step}"] = np.float32(loss_value)
                for var, value in zip(variables, sess.run(variables), strict=True):
                    arrays[f"{var.op.name}~{step}"] = value
            feed = {x: images[steps].astype(dtype.as_numpy_dtype), training: False}
            arrays["inference"] = sess.run(eval_logits, feed)
            arrays["inference_again"] = sess.run(eval_logits, feed)
        record["variables"] = [
            [v.op.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in variables
        ]
        return record, arrays


# --------------------------------------------------------------------------------------------
# Oracle and comparison.

_SHIPPED = [_train_configs, _train]


def _key(config: str, key: str) -> str:
    # Variable names carry "/", which a NumPy archive member name cannot hold portably.
    return f"{config}|{key.replace('/', '^')}"


def _oracle_script() -> str:
    sources = "\n".join(inspect.getsource(f) for f in _SHIPPED)
    runner = textwrap.dedent(
        f"""
        RESULTS, ARRAYS = {{}}, {{}}
        for name in _train_configs():
            try:
                record, arrays = _train(v1.layers, name, {STEPS})
            except Exception as exc:
                RESULTS[name] = {{"crash": f"{{type(exc).__name__}}: {{exc}}"}}
                continue
            RESULTS[name] = {{"value": record}}
            for key, value in arrays.items():
                ARRAYS[name + "|" + key.replace("/", "^")] = value
        save(**ARRAYS)
        save_json(RESULTS)
        """
    )
    return "import tensorflow as tf\nv1 = tf.compat.v1\n" + sources + runner


@pytest.fixture(scope="module")
def oracle():
    return run_reference(_oracle_script(), timeout=600)


CONFIGS = list(_train_configs())


@pytest.mark.parametrize("name", CONFIGS)
def test_training_matches_legacy_after_every_step(oracle, name):
    entry = oracle.json[name]
    if "crash" in entry:
        pytest.fail(f"the legacy reference crashed in {name}: {entry['crash']}")
    expected = entry["value"]
    record, arrays = _train(compat_layers, name, STEPS)
    assert record["variables"] == expected["variables"]
    assert record["n_update_ops"] == expected["n_update_ops"] > 0
    dtype = _train_configs()[name].get("dtype", "float32")
    tol = TOLERANCES[dtype]
    moving = [n for n, _, _ in record["variables"] if "moving" in n or "renorm" in n]
    assert moving, "the configuration has no moving statistics to compare"
    worst = 0.0
    for key, value in arrays.items():
        reference = oracle.arrays[_key(name, key)]
        diff = float(np.max(np.abs(np.float64(value) - np.float64(reference))))
        worst = max(worst, diff)
        np.testing.assert_allclose(value, reference, rtol=tol.rtol, atol=tol.atol, err_msg=key)
    # The moving statistics really moved, so equality is not the equality of initial values.
    assert not np.array_equal(arrays[f"{moving[0]}~0"], arrays[f"{moving[0]}~{STEPS - 1}"])
    print(f"training equality {name}: max abs diff {worst:.3g}")
