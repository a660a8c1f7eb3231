"""A keyword spotter built from depthwise-separable 1D convolutions, the TensorFlow 1 way.

Three `tf.layers.separable_conv1d` blocks (the last one dilated) over audio
features, global average pooling, and a linear classifier whose weights are made
with `tf.get_variable`; the convolutions carry an L2 penalty collected from the
graph. Run it as `python keyword_spotter.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

NUM_FRAMES = 16
NUM_FEATURES = 4
NUM_KEYWORDS = 3
BATCH_SIZE = 4
WEIGHT_DECAY = 1e-3
LEARNING_RATE = 0.1


def l2_regularizer(scale):
    def regularizer(weights):
        return scale * tf.nn.l2_loss(weights)

    return regularizer


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    features = rng.normal(0.0, 1.0, (2 * BATCH_SIZE, NUM_FRAMES, NUM_FEATURES))
    labels = rng.randint(0, NUM_KEYWORDS, 2 * BATCH_SIZE)
    return {"features": features.astype(np.float32), "labels": labels.astype(np.int64)}


def build_model(features):
    with tf.variable_scope("encoder"):
        net = tf.layers.separable_conv1d(
            features,
            8,
            3,
            padding="same",
            activation=tf.nn.relu,
            depthwise_regularizer=l2_regularizer(WEIGHT_DECAY),
            pointwise_regularizer=l2_regularizer(WEIGHT_DECAY),
            name="block1",
        )
        net = tf.layers.separable_conv1d(
            net, 8, 3, strides=2, padding="same", activation=tf.nn.relu, name="block2"
        )
        net = tf.layers.separable_conv1d(
            net, 12, 3, dilation_rate=2, depth_multiplier=2, activation=tf.nn.relu, name="block3"
        )
    pooled = tf.reduce_mean(net, axis=1)
    with tf.variable_scope("classifier"):
        weights = tf.get_variable("weights", [12, NUM_KEYWORDS])
        biases = tf.get_variable("biases", [NUM_KEYWORDS], initializer=tf.zeros_initializer())
    return tf.nn.xw_plus_b(pooled, weights, biases)


def build_graph():
    features = tf.placeholder(tf.float32, [None, NUM_FRAMES, NUM_FEATURES], name="features")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    logits = build_model(features)
    tf.losses.sparse_softmax_cross_entropy(labels, logits)
    loss = tf.losses.get_total_loss()
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.MomentumOptimizer(LEARNING_RATE, 0.9, use_nesterov=True).minimize(
        loss, global_step=global_step
    )
    return {
        "features": features,
        "labels": labels,
        "logits": logits,
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
    return sess.run({"logits": model["logits"], "loss": model["loss"]}, feed)


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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "keyword_spotter.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
