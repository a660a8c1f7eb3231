"""A TF1 text classifier written against `tensorflow.compat.v1`.

The layer objects are built once and applied, the v1 way; the module alias
`tf` is the compat.v1 API, so `tf.layers` here is the legacy layers module.
"""

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

VOCAB_SIZE = 20000
EMBED_DIM = 128


class TextCNN:
    """Embedding, two separable conv layers, max-pool, logits."""

    def __init__(self, num_classes, dropout=0.5):
        self.num_classes = num_classes
        self.dropout = dropout
        self.conv1 = tf.layers.SeparableConv1D(
            filters=128,
            kernel_size=3,
            depth_multiplier=2,
            activation=tf.nn.relu,
            depthwise_initializer=tf.truncated_normal_initializer(stddev=0.02),
            bias_initializer=tf.constant_initializer(0.1),
            name="conv1",
        )
        self.conv2 = tf.layers.SeparableConv1D(
            256, 5, padding="SAME", activation=tf.nn.relu, name="conv2"
        )

    def logits(self, token_ids, is_training):
        with tf.variable_scope("text_cnn"):
            embeddings = tf.get_variable("embeddings", [VOCAB_SIZE, EMBED_DIM])
            net = tf.nn.embedding_lookup(embeddings, token_ids)
            net = self.conv1(net)
            net = self.conv2.apply(net)
            net = tf.reduce_max(net, axis=1)
            net = tf.layers.dropout(net, self.dropout, training=is_training)
            return tf.layers.dense(net, self.num_classes, name="logits")


def build_graph(num_classes=5):
    tokens = tf.placeholder(tf.int32, [None, None], name="tokens")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    logits = TextCNN(num_classes).logits(tokens, is_training=True)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    return tokens, labels, loss, train_op
