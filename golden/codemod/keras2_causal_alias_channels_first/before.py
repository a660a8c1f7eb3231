from tensorflow.keras.layers import SeparableConvolution1D

y = SeparableConvolution1D(8, 5, 1, "causal", "channels_first")(x)
