"""A LeNet-style digit classifier, as `tf_upgrade_v2` left a TensorFlow 1 program.

`import tensorflow as tf` and every TF1 name spelled `tf.compat.v1.*`. The convolutional
feature extractor is its own builder function, `feature_extractor(images)` (two
conv / max-pool stages and a flatten, one convolution left unnamed), reused by
`lenet(images, is_training)`, which adds a regularized dense layer, batch normalization
and dropout switched by an `is_training` placeholder, and the logits. Run it as
`python digit_classifier.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow as tf

IMAGE_SIZE = 12
NUM_CLASSES = 10
BATCH_SIZE = 8
WEIGHT_DECAY = 5e-4
LEARNING_RATE = 0.01


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    images = rng.uniform(0.0, 1.0, (2 * BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, 1))
    labels = rng.randint(0, NUM_CLASSES, 2 * BATCH_SIZE)
    return {"images": images.astype(np.float32), "labels": labels.astype(np.int64)}


def feature_extractor(images):
    with tf.compat.v1.variable_scope("features"):
        net = tf.compat.v1.layers.conv2d(
            images,
            6,
            5,
            padding="same",
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
            name="conv1",
        )
        net = tf.compat.v1.layers.max_pooling2d(net, 2, 2, name="pool1")
        net = tf.compat.v1.layers.conv2d(
            net,
            12,
            3,
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
        )
        net = tf.compat.v1.layers.max_pooling2d(net, 2, 2, name="pool2")
    return tf.compat.v1.layers.flatten(net)


def lenet(images, is_training):
    net = feature_extractor(images)
    net = tf.compat.v1.layers.dense(
        net,
        32,
        kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
        name="fc",
    )
    net = tf.compat.v1.layers.batch_normalization(net, training=is_training, name="fc_bn")
    net = tf.nn.relu(net)
    net = tf.compat.v1.layers.dropout(net, rate=0.4, training=is_training, seed=5)
    return tf.compat.v1.layers.dense(net, NUM_CLASSES, name="logits")


def build_graph():
    images = tf.compat.v1.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, 1], name="images")
    labels = tf.compat.v1.placeholder(tf.int64, [None], name="labels")
    is_training = tf.compat.v1.placeholder_with_default(False, [], name="is_training")

    logits = lenet(images, is_training)
    cross_entropy = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits)
    loss = cross_entropy + tf.compat.v1.losses.get_regularization_loss()

    global_step = tf.compat.v1.train.get_or_create_global_step()
    optimizer = tf.compat.v1.train.AdamOptimizer(LEARNING_RATE)
    update_ops = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
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
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        feed[model["is_training"]] = True
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    return sess.run(
        {"logits": model["logits"], "predictions": model["predictions"], "loss": model["loss"]},
        feed,
    )


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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "digit_classifier.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
