"""A text classifier built from user-defined TensorFlow 1 layers.

`Highway` subclasses `tf.layers.Layer` (weights made in `build` with
`add_variable` and `add_weight`, one of them regularized; the computation in
`call`), and `MinimalRNNCell` subclasses `tf.nn.rnn_cell.RNNCell`, stacked under a
`BasicLSTMCell` in a `MultiRNNCell` and unrolled by `tf.nn.dynamic_rnn`. This is
how libraries of the time packaged their own layers. Run it as
`python custom_layers.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

VOCAB_SIZE = 20
EMBEDDING_SIZE = 6
HIDDEN_UNITS = 8
MAX_LENGTH = 6
NUM_CLASSES = 2
BATCH_SIZE = 4
LEARNING_RATE = 0.2


class Highway(tf.layers.Layer):
    """y = t * relu(x W_h + b_h) + (1 - t) * x, with t = sigmoid(x W_t + b_t)."""

    def __init__(self, transform_bias=-1.0, kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.transform_bias = transform_bias
        self.kernel_regularizer = kernel_regularizer

    def build(self, input_shape):
        size = int(input_shape[-1])
        self.kernel = self.add_variable(
            "kernel", [size, 2 * size], regularizer=self.kernel_regularizer
        )
        self.bias = self.add_weight(
            "bias",
            [2 * size],
            initializer=tf.constant_initializer([0.0] * size + [self.transform_bias] * size),
        )
        super().build(input_shape)

    def call(self, inputs):
        hidden, transform = tf.split(tf.matmul(inputs, self.kernel) + self.bias, 2, axis=1)
        gate = tf.sigmoid(transform)
        return gate * tf.nn.relu(hidden) + (1.0 - gate) * inputs

    def compute_output_shape(self, input_shape):
        return input_shape


class MinimalRNNCell(tf.nn.rnn_cell.RNNCell):
    """The minimal RNN of Chen (2017): z = tanh(x W_x), h = u * h + (1 - u) * z."""

    def __init__(self, num_units, reuse=None, name=None):
        super().__init__(_reuse=reuse, name=name)
        self._num_units = num_units

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        input_depth = int(inputs_shape[-1])
        self._input_kernel = self.add_variable("input_kernel", [input_depth, self._num_units])
        self._gate_kernel = self.add_variable(
            "gate_kernel", [input_depth + self._num_units, self._num_units]
        )
        self._gate_bias = self.add_variable(
            "gate_bias", [self._num_units], initializer=tf.ones_initializer()
        )
        self.built = True

    def call(self, inputs, state):
        candidate = tf.tanh(tf.matmul(inputs, self._input_kernel))
        gate_inputs = tf.matmul(tf.concat([inputs, state], axis=1), self._gate_kernel)
        update = tf.sigmoid(gate_inputs + self._gate_bias)
        new_state = update * state + (1.0 - update) * candidate
        return new_state, new_state


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    tokens = rng.randint(1, VOCAB_SIZE, (2 * BATCH_SIZE, MAX_LENGTH))
    lengths = rng.randint(2, MAX_LENGTH + 1, 2 * BATCH_SIZE)
    tokens[np.arange(MAX_LENGTH) >= lengths[:, None]] = 0
    labels = rng.randint(0, NUM_CLASSES, 2 * BATCH_SIZE)
    return {
        "tokens": tokens.astype(np.int32),
        "lengths": lengths.astype(np.int32),
        "labels": labels.astype(np.int64),
    }


def build_model(tokens, lengths):
    embedding = tf.get_variable("embedding", [VOCAB_SIZE, EMBEDDING_SIZE])
    embedded = tf.nn.embedding_lookup(embedding, tokens)
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [MinimalRNNCell(HIDDEN_UNITS), tf.nn.rnn_cell.BasicLSTMCell(HIDDEN_UNITS)]
    )
    _, (minimal_state, lstm_state) = tf.nn.dynamic_rnn(
        cell, embedded, sequence_length=lengths, dtype=tf.float32
    )
    net = tf.concat([minimal_state, lstm_state.h], axis=1)
    regularizer = lambda weights: 1e-3 * tf.reduce_sum(tf.square(weights))  # noqa: E731
    for index in range(2):
        net = Highway(kernel_regularizer=regularizer, name=f"highway_{index}")(net)
    return tf.layers.dense(net, NUM_CLASSES, name="logits")


def build_graph():
    tokens = tf.placeholder(tf.int32, [None, MAX_LENGTH], name="tokens")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    with tf.variable_scope("classifier"):
        logits = build_model(tokens, lengths)
    tf.losses.sparse_softmax_cross_entropy(labels, logits)
    loss = tf.losses.get_total_loss()
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(
        loss, global_step=global_step
    )
    return {
        "tokens": tokens,
        "lengths": lengths,
        "labels": labels,
        "logits": logits,
        "probabilities": tf.nn.softmax(logits),
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["tokens"])
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    return sess.run({name: model[name] for name in ("logits", "probabilities", "loss")}, feed)


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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "custom_layers.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
