"""The RNN cells of `tf.compat.v1.nn.rnn_cell`, also exported by TF1's `tf.contrib.rnn`.

`compat_layers.rnn_cell` has the same names. Other `tf.contrib.rnn` members
(`LayerNormBasicLSTMCell`, `AttentionCellWrapper`, `static_rnn`, ...) are not in
the table: the codemod leaves them as they are and reports them.
"""

from migrate.codemod.layers import FamilySpec

SPEC = FamilySpec(
    family="rnn_cell",
    api="rnn_cell",
    implementation=None,
    names=(
        ("RNNCell", "rnn_cell"),
        ("BasicRNNCell", "basic_rnn_cell"),
        ("BasicLSTMCell", "basic_lstm_cell"),
        ("LSTMCell", "lstm_cell"),
        ("GRUCell", "gru_cell"),
        ("MultiRNNCell", "multi_rnn_cell"),
        ("DropoutWrapper", "dropout_wrapper"),
        ("ResidualWrapper", "residual_wrapper"),
        ("DeviceWrapper", "device_wrapper"),
        ("LSTMStateTuple", "lstm_state_tuple"),
    ),
    extra_modules=(
        "tensorflow.contrib.rnn",
        "tensorflow.compat.v1.contrib.rnn",
        # TensorFlow 1.0-1.2 code imported the cells from where tf.contrib.rnn took them.
        "tensorflow.contrib.rnn.python.ops.core_rnn_cell",
        "tensorflow.contrib.rnn.python.ops.core_rnn_cell_impl",
        # TensorFlow 2.0-2.15 kept the cells in its internal copy of Keras.
        "tensorflow.python.keras.layers.legacy_rnn.rnn_cell_impl",
        "tensorflow.python.keras.layers.legacy_rnn.rnn_cell_wrapper_impl",
        "tf_keras.src.layers.rnn.legacy_cells",
        "tf_keras.src.layers.rnn.legacy_cell_wrappers",
    ),
)
