"""Generate a TF1-style source tree for benchmarks/bench_cli.py.

Files are built from blocks written the way TF1 model code was (variable
scopes, `tf.layers`, placeholders, sessions, input pipelines, plain Python
helpers), with random names and a size distribution like a real codebase's
(median about 8 KB, mean about 10 KB, a long tail). A chosen fraction of the files also holds
legacy layer calls (`tf.layers.*`, `tf.nn.rnn_cell.*`, `separable_conv1d`), the
migration's candidates; the other files hold none.

Usage: python benchmarks/_make_tree.py OUT_DIR [--files N] [--fraction F] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random

WORDS = (
    "encoder decoder tower block stem head frames tokens audio signal embed proj gate "
    "attn feature pool residual dense hidden logits speech text wave mel spectrum conv "
    "layer stage branch mixer context query key value state cell output input batch"
).split()

BLOCKS = [
    """

def {name}(x, filters={n}, kernel_size={k}):
    with tf.variable_scope("{scope}", reuse=tf.AUTO_REUSE):
        w = tf.get_variable(
            "kernel",
            [kernel_size, x.get_shape()[-1], filters],
            initializer=tf.truncated_normal_initializer(stddev={rate}),
        )
        b = tf.get_variable("bias", [filters], initializer=tf.zeros_initializer())
        y = tf.nn.conv1d(x, w, stride=1, padding="SAME") + b
        tf.summary.histogram("{word}_activations", y)
        return tf.nn.relu(y)
""",
    '''

class {cname}(object):
    """Keeps the {word} statistics of a training run."""

    def __init__(self, decay={rate}):
        self.decay = decay
        self.values = {{}}
        self.counts = collections.defaultdict(int)

    def update(self, name, value):
        old = self.values.get(name, value)
        self.values[name] = self.decay * old + (1.0 - self.decay) * value
        self.counts[name] += 1
        return self.values[name]

    def summary(self):
        lines = []
        for name in sorted(self.values):
            lines.append("%s: %.4f (%d)" % (name, self.values[name], self.counts[name]))
        return "\\n".join(lines)
''',
    """

def {name}(loss, learning_rate={rate}, clip_norm={n}.0):
    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.AdamOptimizer(learning_rate)
    grads_and_vars = optimizer.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    grads, norm = tf.clip_by_global_norm(grads, clip_norm)
    tf.summary.scalar("{word}_grad_norm", norm)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        return optimizer.apply_gradients(zip(grads, variables), global_step=global_step)
""",
    '''

def {name}(filenames, batch_size={n}, num_epochs=None):
    """An input pipeline over TFRecord files of {word} examples."""
    dataset = tf.data.TFRecordDataset(filenames)
    dataset = dataset.map(lambda r: tf.parse_single_example(r, FEATURES_{upper}))
    dataset = dataset.shuffle(buffer_size=10 * batch_size).repeat(num_epochs)
    dataset = dataset.padded_batch(batch_size, padded_shapes={{"{word}": [None, {k}]}})
    iterator = dataset.make_one_shot_iterator()
    return iterator.get_next()
''',
    """

def {name}(checkpoint_dir, num_steps={n}):
    graph = tf.Graph()
    with graph.as_default():
        inputs = tf.placeholder(tf.float32, [None, None, {k}], name="{word}")
        outputs = build_model(inputs, is_training=False)
        saver = tf.train.Saver()
    with tf.Session(graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(checkpoint_dir))
        for step in range(num_steps):
            batch = np.random.randn(8, 100, {k}).astype(np.float32)
            result = sess.run(outputs, feed_dict={{inputs: batch}})
            if step % 10 == 0:
                tf.logging.info("step %d: mean %.3f", step, float(np.mean(result)))
    return result
""",
    '''

def {name}(text, vocab, max_len={n}):
    """Tokenise {word} text into ids, padding or cutting to max_len."""
    tokens = [t for t in text.lower().replace(",", " ").split() if t]
    ids = [vocab.get(t, vocab.get("<unk>", 1)) for t in tokens][:max_len]
    mask = [1] * len(ids) + [0] * (max_len - len(ids))
    ids = ids + [0] * (max_len - len(ids))
    return {{"ids": ids, "mask": mask, "length": min(len(tokens), max_len)}}
''',
    """

def {name}(logits, labels, weights=None, label_smoothing={rate}):
    num_classes = logits.get_shape()[-1]
    onehot = tf.one_hot(labels, num_classes)
    loss = tf.losses.softmax_cross_entropy(
        onehot, logits, weights=1.0 if weights is None else weights,
        label_smoothing=label_smoothing,
    )
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, -1), labels), tf.float32))
    tf.summary.scalar("{word}_loss", loss)
    tf.summary.scalar("{word}_accuracy", accuracy)
    return loss + tf.losses.get_regularization_loss()
""",
]

CANDIDATES = [
    '''

def {name}(inputs, is_training, num_units={n}, scope="{scope}"):
    """Build the {word} block: dense, batch norm, ReLU, dropout.

    Args:
      inputs: a [batch, time, depth] float32 tensor.
      is_training: whether batch norm and dropout run in training mode.
    """
    with tf.variable_scope(scope):
        net = tf.layers.dense(inputs, num_units, name="dense_{n}")
        net = tf.layers.batch_normalization(net, training=is_training)
        net = tf.nn.relu(net)
        # Dropout only while training; evaluation sees the full network.
        net = tf.layers.dropout(net, rate={rate}, training=is_training)
        return net
''',
    """

def {name}(inputs, lengths, num_units={n}):
    cells = [tf.nn.rnn_cell.LSTMCell(num_units, name="lstm_%d" % i) for i in range(2)]
    cells = [tf.nn.rnn_cell.DropoutWrapper(c, output_keep_prob=0.9) for c in cells]
    stack = tf.nn.rnn_cell.MultiRNNCell(cells)
    outputs, state = tf.nn.dynamic_rnn(stack, inputs, sequence_length=lengths, dtype=tf.float32)
    return tf.layers.dense(outputs, {k}, name="{word}_proj"), state
""",
    """

def {name}(images, is_training):
    net = tf.layers.conv2d(images, {n}, {k}, padding="same", activation=tf.nn.relu)
    net = tf.layers.max_pooling2d(net, 2, 2)
    net = tf.layers.flatten(net)
    return tf.layers.dropout(net, rate={rate}, training=is_training)
""",
    '''

def {name}(inputs, filters={n}, scope="{scope}"):
    """Separable conv over time for the {word} branch."""
    with tf.variable_scope(scope):
        net = tf.layers.separable_conv1d(
            inputs,
            filters,
            {k},
            padding="same",
            depthwise_regularizer=tf.contrib.layers.l2_regularizer({rate}),
            name="sepconv",
        )
        return tf.nn.relu(net)
''',
    """

def {name}(inputs, is_training):
    layer = tf.layers.SeparableConv1D({n}, {k}, strides=2, activation=tf.nn.relu, name="{word}")
    net = layer.apply(inputs)
    return tf.layers.batch_normalization(net, training=is_training)
""",
    """

def {name}(x):
    # Positional arguments, as much TF1 code wrote them.
    y = tf.layers.separable_conv1d(x, {n}, {k}, 1, "valid", name="{scope}")
    return tf.layers.separable_conv1d(y, {n}, {k}, padding="same", dilation_rate=2)
""",
]

HEADER = '''"""{title} for the {word} model.

Part of the TF1 training code: graph construction, input pipelines and
evaluation helpers. Generated for benchmarking tf1-migrate.
"""

from __future__ import absolute_import, division, print_function

import collections
import os

import numpy as np
import tensorflow as tf

FEATURES_{upper} = {{
    "{word}": tf.VarLenFeature(tf.float32),
    "label": tf.FixedLenFeature([], tf.int64),
}}
_DEFAULT_DIR = os.path.join(os.path.dirname(__file__), "{word}_data")
'''


def _fill(template: str, rng: random.Random, index: int) -> str:
    word = rng.choice(WORDS)
    return template.format(
        name=f"{word}_{rng.choice(WORDS)}_{index}",
        cname=f"{word.title()}{rng.choice(WORDS).title()}{index}",
        scope=f"{word}_{index}",
        word=word,
        upper=word.upper(),
        n=rng.choice((16, 32, 64, 128, 256)),
        k=rng.choice((3, 5, 7)),
        rate=rng.choice((0.1, 0.01, 0.001, 0.5)),
        title=rng.choice(("Layers", "Training", "Evaluation", "Input pipeline", "Utilities")),
    )


def make_file(rng: random.Random, candidate: bool) -> str:
    """One module's text; `candidate` adds one or two legacy layer blocks."""
    blocks = max(1, round(rng.lognormvariate(2.5, 0.8)))
    parts = [_fill(HEADER, rng, 0)]
    for i in range(blocks):
        parts.append(_fill(rng.choice(BLOCKS), rng, i))
    if candidate:
        for j in range(rng.choice((1, 1, 2))):
            at = rng.randrange(1, len(parts) + 1)
            parts.insert(at, _fill(rng.choice(CANDIDATES), rng, 1000 + j))
    return "".join(parts)


def make_tree(root: str, files: int, fraction: float, seed: int = 0) -> dict[str, int]:
    """Write `files` modules under `root` in nested packages.

    Args:
        root: the directory to fill (created).
        files: how many `.py` files.
        fraction: the share of files holding candidates (0 to 1).
        seed: random seed; the same arguments give the same tree.

    Returns:
        Counts: files, candidate files, bytes.
    """
    rng = random.Random(seed)
    n_candidates = round(files * fraction)
    chosen = set(rng.sample(range(files), n_candidates))
    total = 0
    for i in range(files):
        package = os.path.join(root, f"pkg{i % 17}", f"sub{i % 5}")
        os.makedirs(package, exist_ok=True)
        text = make_file(rng, i in chosen)
        with open(os.path.join(package, f"module_{i:05d}.py"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    return {"files": files, "candidates": n_candidates, "bytes": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(make_tree(args.out, args.files, args.fraction, args.seed))


if __name__ == "__main__":
    main()
