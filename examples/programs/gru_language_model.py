"""A word-level GRU language model written the TensorFlow 1 way.

Two `tf.nn.rnn_cell.GRUCell`s, each in a `DropoutWrapper`, stacked with
`MultiRNNCell` and unrolled by `tf.nn.dynamic_rnn`; an embedding matrix made with
`tf.get_variable`, a `tf.layers.dense` projection to the vocabulary, and SGD with
gradient clipping, as in the PTB tutorial of the time. `keep_prob` is fed only
while training. Run it as `python gru_language_model.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

VOCAB_SIZE = 12
EMBEDDING_SIZE = 6
HIDDEN_UNITS = 8
NUM_LAYERS = 2
NUM_STEPS = 7
BATCH_SIZE = 3
KEEP_PROB = 0.75
MAX_GRAD_NORM = 5.0
LEARNING_RATE = 0.5


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    corpus = rng.randint(0, VOCAB_SIZE, 2 * BATCH_SIZE * NUM_STEPS + 1)
    inputs = corpus[:-1].reshape(2 * BATCH_SIZE, NUM_STEPS)
    targets = corpus[1:].reshape(2 * BATCH_SIZE, NUM_STEPS)
    return {"inputs": inputs.astype(np.int32), "targets": targets.astype(np.int32)}


def make_cell(keep_prob):
    cells = []
    for layer in range(NUM_LAYERS):
        cell = tf.nn.rnn_cell.GRUCell(HIDDEN_UNITS)
        cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=keep_prob, seed=11 + layer)
        cells.append(cell)
    return tf.nn.rnn_cell.MultiRNNCell(cells)


def build_graph():
    inputs = tf.placeholder(tf.int32, [None, NUM_STEPS], name="inputs")
    targets = tf.placeholder(tf.int32, [None, NUM_STEPS], name="targets")
    keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")

    with tf.variable_scope("language_model"):
        embedding = tf.get_variable("embedding", [VOCAB_SIZE, EMBEDDING_SIZE])
        embedded = tf.nn.embedding_lookup(embedding, inputs)
        cell = make_cell(keep_prob)
        initial_state = cell.zero_state(tf.shape(inputs)[0], tf.float32)
        # One time step at a time: the dropout masks are drawn in time order, so a seeded
        # run is reproducible (parallel iterations would draw them in any order).
        outputs, final_state = tf.nn.dynamic_rnn(
            cell, embedded, initial_state=initial_state, parallel_iterations=1, dtype=tf.float32
        )
        logits = tf.layers.dense(outputs, VOCAB_SIZE, name="softmax")

    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    )
    trainable = tf.trainable_variables()
    gradients, _ = tf.clip_by_global_norm(tf.gradients(loss, trainable), MAX_GRAD_NORM)
    optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)
    global_step = tf.train.get_or_create_global_step()
    train_op = optimizer.apply_gradients(
        zip(gradients, trainable, strict=True), global_step=global_step
    )
    return {
        "inputs": inputs,
        "targets": targets,
        "keep_prob": keep_prob,
        "logits": logits,
        "final_state": final_state,
        "perplexity": tf.exp(loss),
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["inputs"])
        feed = {
            model["inputs"]: data["inputs"][start : start + BATCH_SIZE],
            model["targets"]: data["targets"][start : start + BATCH_SIZE],
            model["keep_prob"]: KEEP_PROB,
        }
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model["inputs"]: data["inputs"], model["targets"]: data["targets"]}
    logits, final_state, perplexity = sess.run(
        [model["logits"], model["final_state"], model["perplexity"]], feed
    )
    return {"logits": logits, "final_state": np.stack(final_state), "perplexity": perplexity}


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
            print("perplexity:", evaluate(sess, model, data)["perplexity"])
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "gru_language_model.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
