"""Idioms of TensorFlow's own tf.layers tests (core, convolutional, pooling, normalization).

Each battery runs the calls those tests make (properties, op and variable names, auto-naming,
custom getters, a VariableScope as `name`, regularizers under reuse, dropout with a placeholder
`training`, flatten shapes, argument errors, scope initializers, constraints, output shapes) and
records what happened: a value, or the exception type. One `TF_USE_LEGACY_KERAS=1` process runs
them on `tf.compat.v1.layers`; this process runs them on `compat_layers`; every record must be
equal.
"""

from __future__ import annotations

import inspect
import json
import warnings

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


def _record(out, key, fn):
    try:
        value = fn()
    except Exception as exc:  # the record is what the legacy layer raises
        out[key] = "!!" + type(exc).__name__
        return
    simple = isinstance(value, (str, int, float, bool, list, type(None)))
    out[key] = value if simple else str(value)


def battery_core(L):
    out = {}

    def rec(key, fn):
        _record(out, key, fn)

    with tf.Graph().as_default():
        d = L.Dense(2, activation=tf.nn.relu, name="my_dense")
        rec(
            "props",
            lambda: [d.units, d.activation is tf.nn.relu, d.kernel_regularizer, d.use_bias, d.name],
        )
        y = d.apply(tf.random.uniform((5, 2)))
        rec("kernel", lambda: d.kernel.name)
        rec("out", lambda: y.op.name)
        d2 = L.Dense(2)
        d2.apply(tf.random.uniform((5, 2)))
        rec("auto1", lambda: d2.name)
        d3 = L.Dense(2)
        d3.apply(tf.random.uniform((5, 2)))
        rec("auto2", lambda: d3.name)
        nb = L.Dense(2, use_bias=False, name="nb")
        rec("nobias", lambda: nb(tf.ones((5, 2))).op.name)
        rec("shape3d", lambda: L.Dense(7)(tf.ones((5, 2, 3))).shape.as_list())
        rec("shape4d", lambda: L.Dense(7)(tf.ones((5, 2, 3, 4))).shape.as_list())
        rec(
            "ph_none_none",
            lambda: L.Dense(4)(v1.placeholder(tf.float32, [None, None])).shape.as_list(),
        )
        rec("ph_none_3", lambda: L.Dense(4)(v1.placeholder(tf.float32, [None, 3])).shape.as_list())
        rec(
            "ph_none_2_3",
            lambda: L.Dense(4)(v1.placeholder(tf.float32, [None, 2, 3])).shape.as_list(),
        )
        rec("cos", lambda: L.Dense(4).compute_output_shape((None, 3)).as_list())
    with tf.Graph().as_default():
        called = [0]

        def cg(getter, *a, **k):
            called[0] += 1
            return getter(*a, **k)

        with v1.variable_scope("test", custom_getter=cg):
            L.dense(tf.random.uniform((5, 3), seed=1), 2)
        rec("custom_getter_calls", lambda: called[0])
    with tf.Graph().as_default():
        x = tf.random.uniform((5, 3), seed=1)
        with v1.variable_scope("test1") as scope:
            L.dense(x, 2, name=scope)
        with v1.variable_scope("test2"):
            L.dense(x, 2)
        rec("scope_names", lambda: [v.name for v in v1.trainable_variables()])

        def reg(w):
            return tf.reduce_sum(w) * 1e-3

        L.dense(x, 2, name="rd", kernel_regularizer=reg)
        L.dense(x, 2, name="rd", kernel_regularizer=reg, reuse=True)
        rec("reg_reuse", lambda: len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)))
        ad = L.Dense(2, activity_regularizer=reg, name="act")
        ad(x)
        rec("act_losses", lambda: len(ad.losses))
    with tf.Graph().as_default():
        dp = L.Dropout(0.5, name="dropout")
        rec("dp_props", lambda: [dp.rate, dp.noise_shape])
        dp.apply(tf.ones((5, 3)))
        rec("dp_name", lambda: dp.name)
        t = v1.placeholder(tf.bool)
        o = L.dropout(tf.ones((5, 5)), 0.5, training=t, seed=1)
        with v1.Session() as s:
            rec(
                "dp_dyn",
                lambda: [
                    float(np.mean(s.run(o, {t: True}) == 0) > 0.2),
                    float(np.mean(s.run(o, {t: False}))),
                ],
            )
        rec(
            "dp_noise",
            lambda: L.dropout(
                tf.ones((3, 4, 5)), 0.5, noise_shape=[None, 1, None], training=True
            ).shape.as_list(),
        )
    with tf.Graph().as_default():
        f = L.Flatten()
        rec("fl_cos", lambda: f.compute_output_shape((1, 2, 3, 2)).as_list())
        rec("fl_cos_none", lambda: f.compute_output_shape((None, 3, 2)).as_list())
        rec(
            "fl_cf",
            lambda: (
                L.Flatten(data_format="channels_first").compute_output_shape((None, 3, 2)).as_list()
            ),
        )
        rec("fl_fn", lambda: L.flatten(tf.ones((2, 3, 4)), name="flatten").op.name)
        rec("fl_0d", lambda: L.flatten(v1.placeholder(tf.float32, (None,))).shape.as_list())
        rec("fl_scalar", lambda: L.flatten(v1.placeholder(tf.float32, ())).shape.as_list())
        rec(
            "fl_unknown1",
            lambda: L.flatten(v1.placeholder(tf.float32, (5, None, None))).shape.as_list(),
        )
        rec(
            "fl_unknown2",
            lambda: L.flatten(v1.placeholder(tf.float32, (None, None, 5))).shape.as_list(),
        )
    with tf.Graph().as_default():
        c = L.Conv2D(32, [3, 3], activation=tf.nn.relu, name="conv")
        rec("conv_out", lambda: c(tf.ones((5, 7, 9, 4))).op.name)
        rec("conv_k", lambda: c.kernel.shape.as_list())
        rec("conv_bad_rank", lambda: L.conv2d(tf.ones((5, 7, 4)), 32, 3))
        rec(
            "conv_cos",
            lambda: L.Conv2D(4, 3, strides=2).compute_output_shape((None, 7, 9, 4)).as_list(),
        )
        rec(
            "convT_cos",
            lambda: (
                L.Conv2DTranspose(4, 3, strides=2, padding="same")
                .compute_output_shape((None, 7, 9, 4))
                .as_list()
            ),
        )
        rec("conv_unknown_ch", lambda: L.conv2d(v1.placeholder(tf.float32, (5, 7, 9, None)), 4, 3))
        rec(
            "pool_cos", lambda: L.MaxPooling2D(2, 2).compute_output_shape((None, 7, 9, 4)).as_list()
        )
        rec("pool_name", lambda: L.max_pooling2d(tf.ones((1, 4, 4, 2)), 2, 2, name="pool").op.name)
        rec("sep_name", lambda: L.separable_conv2d(tf.ones((1, 5, 5, 2)), 3, 3, name="sep").op.name)
        rec("bn_name", lambda: L.batch_normalization(tf.ones((4, 5, 5, 3)), name="bn").op.name)
        rec("bn_vars", lambda: [v.name for v in v1.global_variables() if "bn/" in v.name])
    return out


def battery_conv(L):
    out = {}

    def rec(key, fn):
        _record(out, key, fn)

    x = tf.random.uniform((5, 7, 9, 4))
    with tf.Graph().as_default():
        x = tf.random.uniform((5, 7, 9, 4))
        rec("bad_df", lambda: L.conv2d(x, 32, 3, data_format="invalid"))
        rec("bad_strides", lambda: L.conv2d(x, 32, 3, strides=(1, 2, 3)))
        rec("bad_strides2", lambda: L.conv2d(x, 32, 3, strides=None))
        rec("bad_ks", lambda: L.conv2d(x, 32, (1, 2, 3)))
        rec("bad_ks2", lambda: L.conv2d(x, 32, None))
        rec("same", lambda: L.conv2d(x, 32, [3, 3], padding="same").shape.as_list())
        rec("strides", lambda: L.conv2d(x, 32, [3, 3], strides=(2, 2)).shape.as_list())
        rec("strides_h", lambda: L.conv2d(x, 32, [3, 3], strides=(2, 1)).shape.as_list())
        rec("dil", lambda: L.conv2d(x, 32, [3, 3], dilation_rate=3).shape.as_list())
        c = L.Conv2D(32, [3, 3], kernel_regularizer=lambda w: tf.reduce_sum(w) * 1e-3)
        c(x)
        rec(
            "reg",
            lambda: [len(c.losses), len(v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES))],
        )
        nb = L.Conv2D(32, [3, 3], use_bias=False)
        nb(x)
        rec("nobias", lambda: nb.bias is None)
    with tf.Graph().as_default():
        x = tf.random.uniform((5, 7, 9, 4))
        L.conv2d(x, 32, [3, 3], name="conv1")
        L.conv2d(x, 32, [3, 3], name="conv1", reuse=True)
        rec("reuse_vars", lambda: len(v1.trainable_variables()))
        with v1.variable_scope("scope"):
            L.conv2d(x, 32, [3, 3], name="conv1")
        with v1.variable_scope("scope", reuse=True):
            L.conv2d(x, 32, [3, 3], name="conv1")
        rec("reuse_scope", lambda: len(v1.trainable_variables()))
        L.conv2d(x, 32, [3, 3])
        L.conv2d(x, 32, [3, 3])
        rec("noreuse", lambda: len(v1.trainable_variables()))
        rec("dup_name", lambda: L.conv2d(x, 32, [3, 3], name="conv1"))
    with tf.Graph().as_default():
        x = tf.random.uniform((5, 7, 9, 4))
        with v1.variable_scope("scope", initializer=v1.ones_initializer()):
            L.conv2d(x, 32, [3, 3], name="conv1")
            w = v1.trainable_variables()
        with v1.Session() as s:
            s.run(v1.global_variables_initializer())
            vals = s.run(w)
        rec(
            "init_scope",
            lambda: [float(vals[0].min()), float(vals[0].max()), float(np.abs(vals[1]).max())],
        )
    with tf.Graph().as_default():

        def kc(w):
            return w * 0.5

        c = L.Conv2D(2, 3, kernel_constraint=kc, bias_constraint=kc)
        c(tf.ones((1, 5, 5, 2)))
        rec("constraints", lambda: [c.kernel_constraint is kc, c.kernel.constraint is kc])
        rec("c1d_bad", lambda: L.conv1d(tf.ones((5, 7, 9, 4)), 4, 3))
        rec("c1d", lambda: L.conv1d(tf.ones((5, 7, 4)), 4, 3, padding="causal").shape.as_list())
        rec("c3d", lambda: L.conv3d(tf.ones((2, 5, 5, 5, 3)), 4, 3, strides=2).shape.as_list())
        rec(
            "t2d_valid",
            lambda: L.conv2d_transpose(
                tf.ones((5, 7, 9, 4)), 32, [3, 3], strides=(2, 2)
            ).shape.as_list(),
        )
        rec(
            "t2d_same",
            lambda: L.conv2d_transpose(
                tf.ones((5, 7, 9, 4)), 32, [3, 3], strides=(2, 2), padding="same"
            ).shape.as_list(),
        )
        rec(
            "t3d",
            lambda: L.conv3d_transpose(
                tf.ones((2, 3, 4, 5, 6)), 4, 3, strides=(2, 1, 2)
            ).shape.as_list(),
        )
        rec("t2d_kernel", lambda: [v.shape.as_list() for v in v1.trainable_variables()[-4:]])
        rec(
            "sep2d",
            lambda: L.separable_conv2d(
                tf.ones((5, 7, 9, 4)), 32, [3, 3], depth_multiplier=2
            ).shape.as_list(),
        )
        rec(
            "sep2d_strides",
            lambda: L.separable_conv2d(
                tf.ones((5, 7, 9, 4)), 32, [3, 3], strides=(2, 2)
            ).shape.as_list(),
        )
        rec(
            "sep1d_cf",
            lambda: L.separable_conv1d(
                tf.ones((5, 4, 9)), 8, 3, data_format="channels_first"
            ).shape.as_list(),
        )
        rec("pool_bad", lambda: L.max_pooling2d(tf.ones((5, 7, 9, 4)), 2, 2, padding="invalid"))
        rec("pool_nostride", lambda: L.MaxPooling2D(2))
        rec("avg3d", lambda: L.average_pooling3d(tf.ones((2, 4, 4, 4, 3)), 2, 2).shape.as_list())
        rec(
            "pool1d_cf",
            lambda: L.average_pooling1d(
                tf.ones((2, 3, 8)), 2, 2, data_format="channels_first"
            ).shape.as_list(),
        )
        rec("bn_axis_bad", lambda: L.batch_normalization(tf.ones((4, 3)), axis=3))
        rec(
            "bn_axis_list",
            lambda: L.batch_normalization(tf.ones((4, 3, 2)), axis=[1, 2]).shape.as_list(),
        )
        rec("bn_fused_3d", lambda: L.batch_normalization(tf.ones((4, 3, 2)), fused=True))
    return out


BATTERIES = (battery_core, battery_conv)


@pytest.fixture(scope="module")
def legacy() -> dict:
    source = "\n".join(inspect.getsource(fn) for fn in (_record, *BATTERIES))
    calls = ", ".join(f"{fn.__name__!r}: {fn.__name__}(tf.compat.v1.layers)" for fn in BATTERIES)
    script = (
        "import warnings\nwarnings.simplefilter('ignore')\nimport numpy as np\n"
        "import tensorflow as tf\nv1 = tf.compat.v1\n" + source + f"\nsave_json({{{calls}}})\n"
    )
    return run_reference(script).json


@pytest.mark.parametrize("battery", BATTERIES, ids=lambda fn: fn.__name__)
def test_tensorflow_test_idioms_behave_as_legacy(legacy, battery):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = json.loads(json.dumps(battery(compat_layers)))
    want = legacy[battery.__name__]
    assert len(want) > 30
    assert {k: ours.get(k) for k in want} == want
