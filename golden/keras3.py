"""The Keras 3 replacement of a golden case, as the codemod emits it.

'valid' and 'same' map to `tf.keras.layers.SeparableConv1D` with the same arguments;
'causal' (which Keras 3 rejects) maps to the construct in the codemod's contract,
`Sequential([ZeroPadding1D((dilation_rate * (kernel_size - 1), 0)),
SeparableConv1D(padding="valid")])`.
Every layer gets `dtype=` the case dtype: Keras 3 otherwise computes in float32.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from golden.cases import WEIGHT_NAMES, Case

__all__ = ["KERAS3_BIAS_AXIS_BUG", "keras3_bias_axis_bug", "keras3_model", "run_keras3"]

KERAS3_BIAS_AXIS_BUG = (
    "Keras 3 (3.15.1) ops.add on TensorFlow adds a (1, F, 1) bias on the last axis when the "
    "channels_first output length equals F"
)


def keras3_bias_axis_bug(case: Case) -> bool:
    """Whether `case` hits the bias-add bug of Keras 3.15's TensorFlow backend.

    `keras.ops.add(x, bias)` with `x` of shape (B, F, T) and `bias` of shape (1, F, 1)
    becomes `tf.nn.bias_add(..., data_format="NHWC")` whenever T == F, adding the bias
    along the length axis. SeparableConv1D (like every Keras 3 conv layer) adds its bias
    that way, so channels_first outputs whose length equals `filters` come out wrong.
    """
    return (
        case.channels_first
        and case.use_bias
        and case.filters > 1
        and case.output_length == case.filters
    )


def keras3_model(case: Case) -> tuple[tf.keras.layers.Layer, tf.keras.layers.Layer]:
    """`(model, conv)`: the Keras 3 replacement for `case` and its SeparableConv1D."""
    kwargs = case.layer_kwargs()
    if case.padding != "causal":
        conv = tf.keras.layers.SeparableConv1D(dtype=case.dtype, **kwargs)
        return conv, conv
    kwargs["padding"] = "valid"
    conv = tf.keras.layers.SeparableConv1D(dtype=case.dtype, **kwargs)
    pad = tf.keras.layers.ZeroPadding1D(
        padding=(case.dilation_rate * (case.kernel_size - 1), 0),
        data_format=case.data_format,
        dtype=case.dtype,
    )
    return tf.keras.Sequential([pad, conv]), conv


def run_keras3(case: Case, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Output and gradients of `sum(output * cotangent)` from the Keras 3 replacement.

    Args:
      case: the configuration.
      arrays: `x`, `cotangent` and the weights (as the golden files hold them).

    Returns:
      `output`, `grad_x` and `grad_<weight>` for each weight, as NumPy arrays.
    """
    model, conv = keras3_model(case)
    model.build(arrays["x"].shape)
    variables = {v.name: v for v in conv.weights}
    names = [name for name in WEIGHT_NAMES if name in arrays]
    if sorted(variables) != sorted(names):
        raise AssertionError(f"Keras 3 weights {sorted(variables)} != golden {sorted(names)}")
    conv.set_weights([arrays[name] for name in names])
    x = tf.constant(arrays["x"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = model(x)
        loss = tf.reduce_sum(y * tf.constant(arrays["cotangent"]))
    grads = tape.gradient(loss, [x] + [variables[name] for name in names])
    result = {"output": y.numpy(), "grad_x": grads[0].numpy()}
    for name, grad in zip(names, grads[1:], strict=True):
        result[f"grad_{name}"] = grad.numpy()
    return result
