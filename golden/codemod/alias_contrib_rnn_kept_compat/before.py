import tensorflow as tf

rnn = tf.contrib.rnn

cell = rnn.LSTMCell(16)
norm = rnn.LayerNormBasicLSTMCell(16)
