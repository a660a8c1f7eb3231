"""A convolutional denoising autoencoder written the TensorFlow 1 way.

`encoder(images)` and `decoder(code)` are builder functions in their own variable
scopes: the encoder is two L2-regularized `tf.layers.conv2d` layers, each followed by a
`max_pooling2d`; the decoder upsamples with two unnamed `tf.layers.conv2d_transpose`
layers and a named `tf.layers.Conv2DTranspose` object; `denoiser(images)` chains them.
The network learns to map noisy images (fixed noise from `load_data`) to clean ones
under a mean squared error. Run it as `python denoising_autoencoder.py`.
"""

import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

IMAGE_SIZE = 8
CHANNELS = 2
BATCH_SIZE = 4
NOISE = 0.3
WEIGHT_DECAY = 1e-4
LEARNING_RATE = 1e-3


def load_data(seed=0):
    rng = np.random.RandomState(seed)
    noise = rng.uniform(0.0, 1.0, (2 * BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, CHANNELS))
    clean = (noise + np.roll(noise, 1, axis=1) + np.roll(noise, 1, axis=2)) / 3.0
    noisy = clean + NOISE * rng.normal(0.0, 1.0, clean.shape)
    return {"noisy": noisy.astype(np.float32), "clean": clean.astype(np.float32)}


def encoder(images):
    with tf.variable_scope("encoder"):
        net = tf.layers.conv2d(
            images,
            16,
            3,
            padding="same",
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
            name="conv1",
        )
        net = tf.layers.max_pooling2d(net, 2, 2, padding="same")
        net = tf.layers.conv2d(
            net,
            8,
            3,
            padding="same",
            activation=tf.nn.relu,
            kernel_regularizer=tf.keras.regularizers.l2(WEIGHT_DECAY),
            name="conv2",
        )
        code = tf.layers.max_pooling2d(net, 2, 2, padding="same", name="code")
    return code


def decoder(code):
    with tf.variable_scope("decoder"):
        net = tf.layers.conv2d_transpose(
            code, 8, 3, strides=2, padding="same", activation=tf.nn.relu
        )
        net = tf.layers.conv2d_transpose(
            net, 16, 3, strides=2, padding="same", activation=tf.nn.relu
        )
        output = tf.layers.Conv2DTranspose(CHANNELS, 3, padding="same", name="reconstruction")
        return output(net)


def denoiser(images):
    return decoder(encoder(images))


def build_graph():
    noisy = tf.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], name="noisy")
    clean = tf.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, CHANNELS], name="clean")

    denoised = denoiser(noisy)
    reconstruction_loss = tf.losses.mean_squared_error(clean, denoised)
    loss = reconstruction_loss + tf.losses.get_regularization_loss()
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss, global_step=global_step)
    return {
        "noisy": noisy,
        "clean": clean,
        "denoised": denoised,
        "reconstruction_loss": reconstruction_loss,
        "loss": loss,
        "train_op": train_op,
    }


def train(sess, model, data, steps):
    losses = []
    for step in range(steps):
        start = (step * BATCH_SIZE) % len(data["noisy"])
        feed = {model[name]: data[name][start : start + BATCH_SIZE] for name in data}
        _, loss = sess.run([model["train_op"], model["loss"]], feed)
        losses.append(loss)
    return losses


def evaluate(sess, model, data):
    feed = {model[name]: data[name] for name in data}
    fetches = ("denoised", "reconstruction_loss", "loss")
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
            path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "denoising_autoencoder.ckpt"))
            print("saved", path)


if __name__ == "__main__":
    main()
