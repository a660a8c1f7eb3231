"""`Dense`, `Dropout` and `Flatten` in TF2 code: eager, `tf.function`, distribution, checkpoints.

The raw TensorFlow ops each layer runs (or NumPy) are the reference; the graph-mode
comparison with the legacy layers is in tests/test_core.py.
"""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import tensorflow as tf

import compat_layers
import compat_layers.core
from tests._oracle import assert_bitwise, x_of


def _raw_dense(x, kernel, bias):
    return tf.nn.bias_add(tf.tensordot(x, kernel, [[2], [0]]), bias)


def test_dense_eager_and_tf_function_equal_raw_ops():
    layer = compat_layers.Dense(4, bias_initializer="glorot_uniform")
    x = tf.constant(x_of([2, 3, 5], 1))
    eager = layer(x)
    traced = tf.function(layer)(x)
    raw = _raw_dense(x, layer.kernel, layer.bias)
    assert_bitwise(eager.numpy(), raw.numpy())
    assert_bitwise(traced.numpy(), raw.numpy())
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) ** 2)
    grads = tape.gradient(loss, layer.trainable_variables)
    with tf.GradientTape() as tape:
        raw_loss = tf.reduce_sum(_raw_dense(x, layer.kernel, layer.bias) ** 2)
    for got, want in zip(grads, tape.gradient(raw_loss, layer.trainable_variables), strict=True):
        assert_bitwise(got.numpy(), want.numpy())


def test_dense_mirrored_strategy():
    devices = [d.name for d in tf.config.list_logical_devices("CPU")][:2]
    strategy = tf.distribute.MirroredStrategy(devices)
    with strategy.scope():
        layer = compat_layers.Dense(3, kernel_initializer="ones")
        layer(np.zeros([1, 2], np.float32))
    x = tf.constant(x_of([4, 2], 2))
    per_replica = strategy.run(tf.function(layer), (x,))
    for value in strategy.experimental_local_results(per_replica):
        assert_bitwise(value.numpy(), tf.matmul(x, tf.ones([2, 3])).numpy())


def test_dense_tf_train_checkpoint_round_trip(tmp_path):
    source = compat_layers.Dense(3, bias_initializer="glorot_uniform")
    x = tf.constant(x_of([2, 4], 3))
    before = source(x)
    path = tf.train.Checkpoint(layer=source).save(str(tmp_path / "ckpt"))
    target = compat_layers.Dense(3)
    target(x)
    tf.train.Checkpoint(layer=target).restore(path).assert_consumed()
    assert_bitwise(target(x).numpy(), before.numpy())


def test_dropout_eager_and_tf_function():
    x = tf.ones([64, 8])
    layer = compat_layers.Dropout(0.5)
    assert_bitwise(layer(x).numpy(), x.numpy())
    for y in (layer(x, training=True), tf.function(lambda t: layer(t, training=True))(x)):
        values = set(np.ravel(y.numpy()))
        assert values == {0.0, 2.0}
    flag = tf.Variable(False)
    assert_bitwise(layer(x, training=flag).numpy(), x.numpy())


def test_flatten_eager_equals_numpy():
    x = x_of([2, 3, 4, 5], 7)
    assert_bitwise(compat_layers.Flatten()(x).numpy(), x.reshape(2, -1))
    first = compat_layers.Flatten("channels_first")(x).numpy()
    assert_bitwise(first, np.transpose(x, (0, 2, 3, 1)).reshape(2, -1))


def test_docstring_examples_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", compat_layers.LegacyLayerWarning)
        result = doctest.testmod(compat_layers.core, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def _op_types(fn, x):
    return [op.type for op in tf.function(fn).get_concrete_function(x).graph.get_operations()]


def test_dense_traces_exactly_the_raw_ops():
    # tf.function cost equals the raw ops' by construction: the traced graphs are the same.
    layer = compat_layers.Dense(8, activation=tf.nn.relu)
    x = tf.ones([4, 16])
    layer(x)

    def raw(t):
        return tf.nn.relu(tf.nn.bias_add(tf.matmul(t, layer.kernel), layer.bias))

    assert _op_types(layer, x) == _op_types(raw, x)


def test_pooling_traces_exactly_the_raw_ops():
    for layer, raw, shape in [
        (compat_layers.MaxPooling2D(2, 2), lambda t: tf.nn.max_pool2d(t, 2, 2, "VALID"), 4),
        (compat_layers.AveragePooling3D(2, 2), lambda t: tf.nn.avg_pool3d(t, 2, 2, "VALID"), 5),
    ]:
        x = tf.ones([1, 4, 4, 4, 3][:shape])
        layer(x)
        assert _op_types(layer, x) == _op_types(raw, x)
