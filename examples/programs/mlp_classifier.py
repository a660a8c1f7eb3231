"""A wide-and-deep classifier for tabular data, written the TensorFlow 1 way.

`mlp(features)` is a model-builder function: a deep tower of `tf.layers.dense` layers
with L2 weight decay from `tf.keras.regularizers.l2` in one variable scope, and a wide
linear model of the raw features, L1-regularized and left unnamed, in another; the logits
are their sum. The penalties are gathered from `REGULARIZATION_LOSSES` by
`tf.losses.get_regularization_loss()`. Run it as `python mlp_classifier.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

NUM_FEATURES = 10
NUM_CLASSES = 3
BATCH_SIZE = 8
WEIGHT_DECAY = 1e-3
LEARNING_RATE = 0.1


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    features = rng.normal(0.0, 1.0, (2 * BATCH_SIZE, NUM_FEATURES))
    labels = (features[:, 0] > 0).astype(np.int64) + (features[:, 1] > 1).astype(np.int64)
    return {"features": features.astype(np.float32), "labels": labels}


def mlp(features):
    with tf.variable_scope("deep"):
        net = tf.layers.dense(
            features,
            16,
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
            name="hidden1",
        )
        net = tf.layers.dense(
            net,
            8,
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
            name="hidden2",
        )
        deep_logits = tf.layers.dense(net, NUM_CLASSES, name="logits")
    with tf.variable_scope("wide"):
        wide_logits = tf.layers.dense(
            features, NUM_CLASSES, kernel_regularizer=tf.keras.regularizers.l1(WEIGHT_DECAY)
        )
    return deep_logits + wide_logits


def build_graph():
    features = tf.placeholder(tf.float32, [None, NUM_FEATURES], name="features")
    labels = tf.placeholder(tf.int64, [None], name="labels")

    logits = mlp(features)
    cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    loss = cross_entropy + tf.losses.get_regularization_loss()

    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(
        loss, global_step=global_step
    )
    return {
        "features": features,
        "labels": labels,
        "logits": logits,
        "probabilities": tf.nn.softmax(logits),
        "predictions": tf.argmax(logits, axis=1),
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["features"])
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    fetches = ("logits", "probabilities", "predictions", "loss")
    return sess.run({name: model[name] for name in fetches}, feed)


def main():
    data = load_data()
    with tf.Graph().as_default():
        tf.set_random_seed(42)
        model = build_graph()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step, loss in enumerate(train(sess, model, data, steps=20)):
                print(f"step {step}: loss {loss:.4f}")
            print(
                "accuracy:", np.mean(evaluate(sess, model, data)["predictions"] == data["labels"])
            )
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "mlp_classifier.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
