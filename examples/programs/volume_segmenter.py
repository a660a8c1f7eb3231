"""A small 3D convolutional network for volumes, as `tf_upgrade_v2` left a TensorFlow 1 program.

`import tensorflow as tf` and every TF1 name spelled `tf.compat.v1.*`. A
`tf.compat.v1.layers.conv3d` / `max_pooling3d` encoder feeds two heads: a per-volume
classifier (`average_pooling3d`, then `dense`) and a voxel-wise segmentation head that
upsamples with `Conv3DTranspose`. Both losses are summed and minimised with Adagrad. Run
it as `python volume_segmenter.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow as tf

DEPTH = 4
SIZE = 6
CHANNELS = 1
NUM_CLASSES = 3
BATCH_SIZE = 2
LEARNING_RATE = 0.1


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    volumes = rng.uniform(0.0, 1.0, (2 * BATCH_SIZE, DEPTH, SIZE, SIZE, CHANNELS))
    masks = (volumes[..., 0] > 0.5).astype(np.float32)
    labels = rng.randint(0, NUM_CLASSES, 2 * BATCH_SIZE)
    return {
        "volumes": volumes.astype(np.float32),
        "masks": masks,
        "labels": labels.astype(np.int64),
    }


def build_model(volumes):
    with tf.compat.v1.variable_scope("encoder"):
        net = tf.compat.v1.layers.conv3d(
            volumes, 4, 3, padding="same", activation=tf.nn.relu, name="conv1"
        )
        net = tf.compat.v1.layers.max_pooling3d(net, pool_size=2, strides=2, name="pool1")
        features = tf.compat.v1.layers.conv3d(
            net, 8, [1, 3, 3], padding="same", activation=tf.nn.relu, name="conv2"
        )
    with tf.compat.v1.variable_scope("classifier"):
        net = tf.compat.v1.layers.average_pooling3d(features, pool_size=[2, 3, 3], strides=1)
        net = tf.compat.v1.layers.flatten(net)
        class_logits = tf.compat.v1.layers.dense(net, NUM_CLASSES)
    with tf.compat.v1.variable_scope("segmentation"):
        upsample = tf.compat.v1.layers.Conv3DTranspose(4, 2, strides=2, activation=tf.nn.relu)
        net = upsample(features)
        mask_logits = tf.compat.v1.layers.conv3d(net, 1, 1, name="mask")
    return class_logits, tf.squeeze(mask_logits, axis=-1)


def build_graph():
    volumes = tf.compat.v1.placeholder(
        tf.float32, [None, DEPTH, SIZE, SIZE, CHANNELS], name="volumes"
    )
    masks = tf.compat.v1.placeholder(tf.float32, [None, DEPTH, SIZE, SIZE], name="masks")
    labels = tf.compat.v1.placeholder(tf.int64, [None], name="labels")

    class_logits, mask_logits = build_model(volumes)
    class_loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, class_logits)
    mask_loss = tf.compat.v1.losses.sigmoid_cross_entropy(masks, mask_logits)
    loss = tf.compat.v1.losses.get_total_loss()

    global_step = tf.compat.v1.train.get_or_create_global_step()
    train_op = tf.compat.v1.train.AdagradOptimizer(LEARNING_RATE).minimize(
        loss, global_step=global_step
    )
    return {
        "volumes": volumes,
        "masks": masks,
        "labels": labels,
        "class_logits": class_logits,
        "mask_probabilities": tf.sigmoid(mask_logits),
        "class_loss": class_loss,
        "mask_loss": mask_loss,
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["volumes"])
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    fetches = ("class_logits", "mask_probabilities", "class_loss", "mask_loss")
    return sess.run({name: model[name] for name in fetches}, feed)


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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "volume_segmenter.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
