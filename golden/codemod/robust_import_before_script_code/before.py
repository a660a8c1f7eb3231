"""A notebook exported as a script: imports are scattered between cells."""
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 28, 28, 1])
# This module-level call runs before the next import statement.
features = tf.layers.conv2d(images, 16, 3, activation=tf.nn.relu)
flat = tf.layers.flatten(features)

import numpy as np

logits = tf.layers.dense(flat, 10)
batch = np.zeros([2, 28, 28, 1], np.float32)
