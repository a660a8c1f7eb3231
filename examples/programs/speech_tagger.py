"""A frame-level speech (or OCR line) tagger, as `tf_upgrade_v2` left a TensorFlow 1 program.

`import tensorflow as tf` and every TF1 name spelled `tf.compat.v1.*`. Acoustic features
go through a `tf.compat.v1.layers.conv1d` / batch normalization front end and a
`separable_conv1d`, then a bidirectional LSTM (`bidirectional_dynamic_rnn` over two
`tf.compat.v1.nn.rnn_cell.LSTMCell`s) that respects each utterance's length, and a
per-frame softmax over the labels. Padded frames are masked out of the loss. Run it as
`python speech_tagger.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow as tf

NUM_FEATURES = 5
NUM_LABELS = 6
MAX_FRAMES = 10
HIDDEN_UNITS = 8
BATCH_SIZE = 4
LEARNING_RATE = 0.1


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    features = rng.normal(0.0, 1.0, (2 * BATCH_SIZE, MAX_FRAMES, NUM_FEATURES))
    lengths = rng.randint(MAX_FRAMES // 2, MAX_FRAMES + 1, 2 * BATCH_SIZE)
    labels = rng.randint(0, NUM_LABELS, (2 * BATCH_SIZE, MAX_FRAMES))
    return {
        "features": features.astype(np.float32),
        "lengths": lengths.astype(np.int32),
        "labels": labels.astype(np.int32),
    }


def front_end(features, is_training):
    with tf.compat.v1.variable_scope("front_end"):
        net = tf.compat.v1.layers.conv1d(features, 12, 3, padding="same", name="conv1")
        net = tf.compat.v1.layers.batch_normalization(net, training=is_training, name="conv1_bn")
        net = tf.nn.relu(net)
        net = tf.compat.v1.layers.separable_conv1d(
            net, 12, 3, padding="same", depth_multiplier=2, activation=tf.nn.relu, name="sepconv2"
        )
    return net


def encoder(net, lengths):
    cell_fw = tf.compat.v1.nn.rnn_cell.LSTMCell(HIDDEN_UNITS)
    cell_bw = tf.compat.v1.nn.rnn_cell.LSTMCell(HIDDEN_UNITS)
    (outputs_fw, outputs_bw), _ = tf.compat.v1.nn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, net, sequence_length=lengths, dtype=tf.float32, scope="blstm"
    )
    return tf.concat([outputs_fw, outputs_bw], axis=-1)


def build_graph():
    features = tf.compat.v1.placeholder(
        tf.float32, [None, MAX_FRAMES, NUM_FEATURES], name="features"
    )
    lengths = tf.compat.v1.placeholder(tf.int32, [None], name="lengths")
    labels = tf.compat.v1.placeholder(tf.int32, [None, MAX_FRAMES], name="labels")
    is_training = tf.compat.v1.placeholder_with_default(False, [], name="is_training")

    net = front_end(features, is_training)
    net = encoder(net, lengths)
    logits = tf.compat.v1.layers.dense(net, NUM_LABELS, name="output")

    mask = tf.sequence_mask(lengths, MAX_FRAMES, dtype=tf.float32)
    loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits, weights=mask)
    global_step = tf.compat.v1.train.get_or_create_global_step()
    update_ops = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = tf.compat.v1.train.MomentumOptimizer(LEARNING_RATE, 0.9).minimize(
            loss, global_step=global_step
        )
    return {
        "features": features,
        "lengths": lengths,
        "labels": labels,
        "is_training": is_training,
        "logits": logits,
        "posteriors": tf.nn.softmax(logits),
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["features"])
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        feed[model["is_training"]] = True
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    return sess.run({name: model[name] for name in ("logits", "posteriors", "loss")}, feed)


def main():
    data = load_data()
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(42)
        model = build_graph()
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for step, loss in enumerate(train(sess, model, data, steps=20)):
                print(f"step {step}: loss {loss:.4f}")
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "speech_tagger.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
