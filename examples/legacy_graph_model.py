"""A TF1 graph-mode sequence classifier, kept running on TensorFlow 2.16+ with Keras 3.

This is how such models were written in 2018: placeholders, nested variable scopes,
`tf.layers.separable_conv1d` blocks sharing weights between a train and an eval tower,
L2 regularization collected from the graph, a `tf.compat.v1.train.Saver` checkpoint.
The only change needed to run it today is the import of `compat_layers` in place of
`tf.layers` (no `TF_USE_LEGACY_KERAS`).

Run: `python examples/legacy_graph_model.py` (about 10 seconds on a laptop CPU).
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import tensorflow as tf

import compat_layers

tf1 = tf.compat.v1

SEQUENCE_LENGTH = 64
CHANNELS = 8
CLASSES = 3


def l2_regularizer(scale: float):
    """What `tf.contrib.layers.l2_regularizer(scale)` computed: scale * sum(w**2) / 2."""

    def regularize(weights: tf.Tensor) -> tf.Tensor:
        return scale * tf.nn.l2_loss(weights)

    return regularize


def encoder(signals: tf.Tensor, *, reuse: bool | None = None) -> tf.Tensor:
    """Three separable-conv blocks; `reuse=True` builds a second tower on the same weights."""
    with tf1.variable_scope("encoder", reuse=reuse):
        net = compat_layers.separable_conv1d(
            signals,
            filters=16,
            kernel_size=5,
            padding="same",
            activation=tf.nn.relu,
            depthwise_regularizer=l2_regularizer(1e-4),
            pointwise_regularizer=l2_regularizer(1e-4),
            name="block1",
        )
        net = compat_layers.separable_conv1d(
            net, 32, 3, strides=2, padding="SAME", activation=tf.nn.relu, name="block2"
        )
        with tf1.variable_scope("dilated"):
            net = compat_layers.separable_conv1d(
                net, 32, 3, dilation_rate=2, padding="causal", depth_multiplier=2, name="block3"
            )
    return tf.reduce_mean(net, axis=1)


def classifier(features: tf.Tensor, *, reuse: bool | None = None) -> tf.Tensor:
    with tf1.variable_scope("head", reuse=reuse):
        weights = tf1.get_variable("logits/kernel", [features.shape[-1], CLASSES])
        bias = tf1.get_variable("logits/bias", [CLASSES], initializer=tf1.zeros_initializer())
        return tf.matmul(features, weights) + bias


def synthetic_batch(rng: np.random.Generator, batch: int) -> tuple[np.ndarray, np.ndarray]:
    """Three classes of noisy sine waves with different frequencies."""
    labels = rng.integers(0, CLASSES, size=batch)
    time = np.arange(SEQUENCE_LENGTH)[None, :, None]
    frequency = (labels[:, None, None] + 1) * 0.1
    phase = rng.uniform(0, 2 * np.pi, size=(batch, 1, CHANNELS))
    signals = np.sin(frequency * time + phase) + 0.3 * rng.standard_normal(
        (batch, SEQUENCE_LENGTH, CHANNELS)
    )
    return signals.astype(np.float32), labels.astype(np.int64)


def main(steps: int = 150) -> dict[str, float]:
    rng = np.random.default_rng(0)
    graph = tf.Graph()
    with graph.as_default():
        tf1.set_random_seed(0)
        signals = tf1.placeholder(tf.float32, [None, SEQUENCE_LENGTH, CHANNELS], name="signals")
        labels = tf1.placeholder(tf.int64, [None], name="labels")

        logits = classifier(encoder(signals))
        data_loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        )
        regularization = tf.add_n(tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES))
        train_op = tf1.train.AdamOptimizer(3e-3).minimize(data_loss + regularization)

        # An evaluation tower on the same weights, as TF1 code built it.
        eval_logits = classifier(encoder(signals, reuse=True), reuse=True)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits, 1), labels), tf.float32))

        saver = tf1.train.Saver()
        print("variables:")
        for variable in tf1.trainable_variables():
            print(f"  {variable.name:45s} {variable.shape}")

        with tf1.Session() as session:
            session.run(tf1.global_variables_initializer())
            for step in range(1, steps + 1):
                batch_signals, batch_labels = synthetic_batch(rng, 32)
                loss, _ = session.run(
                    [data_loss, train_op], {signals: batch_signals, labels: batch_labels}
                )
                if step % 50 == 0:
                    print(f"step {step:4d}  loss {loss:.4f}")
            test_signals, test_labels = synthetic_batch(rng, 256)
            score = session.run(accuracy, {signals: test_signals, labels: test_labels})
            with tempfile.TemporaryDirectory() as directory:
                prefix = saver.save(session, os.path.join(directory, "model.ckpt"))
                restored = _restore_and_score(prefix, test_signals, test_labels)
    print(f"accuracy {score:.3f} (restored from checkpoint: {restored:.3f})")
    return {"loss": float(loss), "accuracy": float(score), "restored_accuracy": float(restored)}


def _restore_and_score(prefix: str, signals_value: np.ndarray, labels_value: np.ndarray) -> float:
    """Rebuilds the eval graph from scratch and restores the checkpoint into it."""
    with tf.Graph().as_default():
        signals = tf1.placeholder(tf.float32, [None, SEQUENCE_LENGTH, CHANNELS])
        labels = tf1.placeholder(tf.int64, [None])
        logits = classifier(encoder(signals))
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))
        with tf1.Session() as session:
            tf1.train.Saver().restore(session, prefix)
            return float(session.run(accuracy, {signals: signals_value, labels: labels_value}))


if __name__ == "__main__":
    main()
