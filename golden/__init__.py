"""Golden data: the numerical contract with TensorFlow's legacy SeparableConv1D."""
