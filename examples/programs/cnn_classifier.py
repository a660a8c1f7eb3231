"""A small image classifier written the TensorFlow 1 way.

Two conv/batch-norm/max-pool blocks, a dense layer with dropout and a softmax
classifier; `is_training` is a placeholder that switches batch normalization and
dropout between training and inference, and the moving averages are updated
through the `UPDATE_OPS` collection as the `tf.layers.batch_normalization`
documentation asked. The convolutions share their settings through a
`functools.partial` of `tf.layers.conv2d`. Run it as `python cnn_classifier.py`.
"""

import functools
import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

IMAGE_SIZE = 8
CHANNELS = 3
NUM_CLASSES = 4
BATCH_SIZE = 6
WEIGHT_DECAY = 1e-4
LEARNING_RATE = 0.05


def l2_regularizer(scale):
    def regularizer(weights):
        return scale * tf.nn.l2_loss(weights)

    return regularizer


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    images = rng.uniform(0.0, 1.0, (2 * BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, CHANNELS))
    labels = rng.randint(0, NUM_CLASSES, 2 * BATCH_SIZE)
    return {"images": images.astype(np.float32), "labels": labels.astype(np.int64)}


conv3x3 = functools.partial(
    tf.layers.conv2d,
    kernel_size=3,
    padding="same",
    kernel_regularizer=l2_regularizer(WEIGHT_DECAY),
)


def conv_block(inputs, filters, is_training, name):
    with tf.variable_scope(name):
        net = conv3x3(inputs, filters, name="conv")
        net = tf.layers.batch_normalization(net, momentum=0.9, training=is_training, name="bn")
        net = tf.nn.relu(net)
        net = tf.layers.max_pooling2d(net, pool_size=2, strides=2, name="pool")
    return net


def build_model(images, is_training):
    net = conv_block(images, 8, is_training, "block1")
    net = conv_block(net, 16, is_training, "block2")
    net = tf.layers.flatten(net)
    net = tf.layers.dense(
        net,
        32,
        activation=tf.nn.relu,
        kernel_regularizer=l2_regularizer(WEIGHT_DECAY),
        name="fc1",
    )
    net = tf.layers.dropout(net, rate=0.25, training=is_training, seed=7)
    return tf.layers.dense(net, NUM_CLASSES, name="logits")


def build_graph():
    images = tf.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], name="images")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    is_training = tf.placeholder_with_default(False, [], name="is_training")

    logits = build_model(images, is_training)
    cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    loss = cross_entropy + tf.losses.get_regularization_loss()

    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.MomentumOptimizer(LEARNING_RATE, momentum=0.9)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss, global_step=global_step)

    return {
        "images": images,
        "labels": labels,
        "is_training": is_training,
        "logits": logits,
        "predictions": tf.argmax(logits, axis=1),
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["images"])
        feed = {
            model["images"]: data["images"][start : start + BATCH_SIZE],
            model["labels"]: data["labels"][start : start + BATCH_SIZE],
            model["is_training"]: True,
        }
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model["images"]: data["images"], model["labels"]: data["labels"]}
    return sess.run(
        {"logits": model["logits"], "predictions": model["predictions"], "loss": model["loss"]},
        feed,
    )


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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "cnn_classifier.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
