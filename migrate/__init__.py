"""Migrate TensorFlow 1 SeparableConv1D code to Keras 3."""
