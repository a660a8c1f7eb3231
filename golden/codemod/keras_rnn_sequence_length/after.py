import tensorflow.compat.v1 as tf
from tensorflow import keras


def encoder(tokens, lengths):
    with tf.variable_scope("encoder"):
        cell_fw = keras.layers.GRUCell(32, reset_after=False)
        cell_bw = keras.layers.GRUCell(32, reset_after=False)
        fw, bw, state_fw, state_bw = keras.layers.Bidirectional(
            keras.layers.RNN(
                cell_fw, return_sequences=True, return_state=True, zero_output_for_mask=True
            ),
            backward_layer=keras.layers.RNN(
                cell_bw,
                return_sequences=True,
                return_state=True,
                zero_output_for_mask=True,
                go_backwards=True,
            ),
            merge_mode=None,
            name="encoder_bidirectional_rnn",
        )(
            tokens,
            mask=keras.ops.less_equal(
                keras.ops.cumsum(keras.ops.ones_like(tokens[:, :, 0], dtype="int32"), axis=1),
                keras.ops.expand_dims(lengths, -1),
            ),
        )
        outputs = tf.concat([fw, bw], axis=-1)
        top = keras.layers.RNN(
            keras.layers.LSTMCell(32),
            return_sequences=True,
            zero_output_for_mask=True,
            name="encoder_top",
        )(
            outputs,
            mask=keras.ops.less_equal(
                keras.ops.cumsum(keras.ops.ones_like(outputs[:, :, 0], dtype="int32"), axis=1),
                keras.ops.expand_dims(lengths, -1),
            ),
        )
    return top, state_fw, state_bw
