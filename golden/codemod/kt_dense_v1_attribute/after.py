import tensorflow.compat.v1 as tf
from tensorflow import keras


def head(x):
    layer = keras.layers.Dense(4)
    y = layer(x)
    return y, layer.get_losses_for(None)
