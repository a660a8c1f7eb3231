import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    up = keras.layers.Conv3DTranspose(2, (2, 2, 2), strides=(2, 2, 2), activation=tf.nn.relu, data_format="channels_last")
    return up(x)
