"""A TF1 graph-mode speech encoder: stacked separable convolutions over frames.

Written for TensorFlow 1.x: `tf.layers`, variable scopes, `tf.contrib`
regularizers and initializers, a placeholder fed through a Session.
"""

import numpy as np
import tensorflow as tf

NUM_MELS = 80
WEIGHT_DECAY = 1e-4


def conv_block(inputs, filters, kernel_size, is_training, scope):
    """Separable conv, batch norm, ReLU: one block of the encoder."""
    with tf.variable_scope(scope):
        net = tf.layers.separable_conv1d(
            inputs,
            filters,
            kernel_size,
            padding="same",
            depthwise_initializer=tf.contrib.layers.xavier_initializer(),
            pointwise_initializer=tf.contrib.layers.xavier_initializer(),
            depthwise_regularizer=tf.contrib.layers.l2_regularizer(WEIGHT_DECAY),
            pointwise_regularizer=tf.contrib.layers.l2_regularizer(WEIGHT_DECAY),
            use_bias=False,
            name="sepconv",
        )
        net = tf.layers.batch_normalization(net, training=is_training)
        return tf.nn.relu(net)


def encoder(frames, is_training):
    """Three blocks with growing receptive field, then a 1x1 projection."""
    with tf.variable_scope("encoder"):
        net = conv_block(frames, 128, 5, is_training, "block1")
        net = conv_block(net, 128, 5, is_training, "block2")
        net = conv_block(net, 256, 3, is_training, "block3")
        # Strided downsampling, written positionally as much TF1 code was.
        net = tf.layers.separable_conv1d(net, 256, 3, 2, "valid", name="downsample")
        return tf.layers.dense(net, 64, name="projection")


def main():
    frames = tf.placeholder(tf.float32, [None, None, NUM_MELS], name="frames")
    embeddings = encoder(frames, is_training=False)
    reg_loss = tf.losses.get_regularization_loss()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        batch = np.random.rand(2, 100, NUM_MELS).astype(np.float32)
        out, reg = sess.run([embeddings, reg_loss], {frames: batch})
        print(out.shape, reg)


if __name__ == "__main__":
    main()
