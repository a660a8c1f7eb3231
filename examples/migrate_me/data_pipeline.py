"""The input pipeline of the examples: no layer code, so the tool never parses it."""

import tensorflow as tf


def frames_dataset(pattern, batch_size=32):
    files = tf.data.Dataset.list_files(pattern)
    dataset = files.interleave(tf.data.TFRecordDataset, cycle_length=4)
    dataset = dataset.map(parse_example, num_parallel_calls=4)
    return dataset.padded_batch(batch_size, padded_shapes=[None, 80])


def parse_example(record):
    features = tf.parse_single_example(record, {"frames": tf.VarLenFeature(tf.float32)})
    frames = tf.sparse_tensor_to_dense(features["frames"])
    return tf.reshape(frames, [-1, 80])
