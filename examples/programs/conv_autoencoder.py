"""A convolutional autoencoder written the TensorFlow 1 way.

The encoder downsamples with strided `tf.layers.conv2d`, the decoder upsamples with
`tf.layers.conv2d_transpose` (function and class forms). A second decoder tower on
the same weights (`reuse=True`) turns latent codes fed from outside into images,
the usual way to sample from such a model. Run it as `python conv_autoencoder.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

IMAGE_SIZE = 8
CHANNELS = 1
LATENT_CHANNELS = 4
BATCH_SIZE = 4
LEARNING_RATE = 1e-3


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    # Blurry blobs: smooth enough for an autoencoder to learn something in a few steps.
    noise = rng.uniform(0.0, 1.0, (2 * BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, CHANNELS))
    images = (noise + np.roll(noise, 1, axis=1) + np.roll(noise, 1, axis=2)) / 3.0
    codes = rng.normal(0.0, 1.0, (BATCH_SIZE, IMAGE_SIZE // 4, IMAGE_SIZE // 4, LATENT_CHANNELS))
    return {"images": images.astype(np.float32), "codes": codes.astype(np.float32)}


def encoder(images):
    with tf.variable_scope("encoder"):
        net = tf.layers.conv2d(images, 8, 3, strides=2, padding="same", activation=tf.nn.relu)
        net = tf.layers.conv2d(net, 16, 3, strides=2, padding="same", activation=tf.nn.relu)
        code = tf.layers.conv2d(net, LATENT_CHANNELS, 1, name="code")
    return code


def decoder(code, reuse=None):
    with tf.variable_scope("decoder", reuse=reuse):
        net = tf.layers.conv2d_transpose(
            code, 16, 3, strides=2, padding="same", activation=tf.nn.relu, name="deconv1"
        )
        upsample = tf.layers.Conv2DTranspose(
            8, (3, 3), strides=(2, 2), padding="SAME", activation=tf.nn.relu, name="deconv2"
        )
        net = upsample(net)
        logits = tf.layers.conv2d_transpose(
            net, CHANNELS, 1, padding="valid", name="reconstruction"
        )
    return logits


def build_graph():
    images = tf.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], name="images")
    codes = tf.placeholder(tf.float32, [None, None, None, LATENT_CHANNELS], name="codes")

    code = encoder(images)
    logits = decoder(code)
    reconstruction = tf.sigmoid(logits)
    samples = tf.sigmoid(decoder(codes, reuse=True))

    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=images, logits=logits))
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss, global_step=global_step)
    return {
        "images": images,
        "codes": codes,
        "code": code,
        "reconstruction": reconstruction,
        "samples": samples,
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["images"])
        batch = data["images"][start : start + BATCH_SIZE]
        _, loss = sess.run([model["train_op"], model["loss"]], {model["images"]: batch})
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model["images"]: data["images"], model["codes"]: data["codes"]}
    fetches = ("code", "reconstruction", "samples", "loss")
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
            print("samples:", evaluate(sess, model, data)["samples"].shape)
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "conv_autoencoder.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
