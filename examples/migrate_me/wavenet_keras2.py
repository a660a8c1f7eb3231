"""A small WaveNet-style stack written for Keras 2 (tf.keras before TF 2.16).

Keras 2's SeparableConv1D accepted padding="causal"; Keras 3 rejects it. The
tool rewrites each causal layer into left zero-padding followed by a "valid"
SeparableConv1D, which computes the same numbers.
"""

import tensorflow as tf


def residual_block(x, filters, dilation_rate):
    y = tf.keras.layers.SeparableConv1D(
        filters,
        kernel_size=2,
        padding="causal",
        dilation_rate=dilation_rate,
        activation="tanh",
        name=f"dilated_{dilation_rate}",
    )(x)
    y = tf.keras.layers.Conv1D(filters, 1)(y)
    return tf.keras.layers.add([x, y])


def build_model(num_steps=1024, channels=32):
    inputs = tf.keras.Input(shape=(num_steps, 1))
    x = tf.keras.layers.SeparableConvolution1D(channels, 3, padding="causal")(inputs)
    for rate in (1, 2, 4, 8):
        x = residual_block(x, channels, rate)
    outputs = tf.keras.layers.Dense(256, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs)
