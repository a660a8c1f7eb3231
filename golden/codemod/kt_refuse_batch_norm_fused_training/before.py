import tensorflow.compat.v1 as tf


def train_step_features(images):
    # NHWC images: v1 picks its fused kernel, whose moving variance Keras 3 cannot follow.
    return tf.layers.batch_normalization(images, momentum=0.9, training=True, name="bn")
