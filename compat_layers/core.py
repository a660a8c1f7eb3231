"""`Dense`, `Dropout`, `Flatten` and their functions `dense`, `dropout`, `flatten`.

The layers run the ops of `tf.compat.v1.layers` in the same order (a matmul, or a
tensordot for inputs of rank > 2; `tf.nn.dropout` seeded as the legacy layer seeded it;
the legacy reshape), so outputs, dropout masks and v1 output tensor names are the same.
"""

from __future__ import annotations

import functools
import numbers
import operator
from collections.abc import Callable, Sequence
from typing import Any

import tensorflow as tf

from compat_layers import _config, _validation
from compat_layers._functional import functional_form
from compat_layers.base import Layer
from compat_layers.input_spec import InputSpec

__all__ = ["Dense", "Dropout", "Flatten", "dense", "dropout", "flatten"]

# The legacy signature's bias default, shared by every layer as it was in TF1.
_ZEROS = tf.compat.v1.zeros_initializer()


class Dense(Layer):
    """Densely-connected layer: `outputs = activation(inputs @ kernel + bias)`.

    Inputs of rank > 2 are multiplied along their last axis (`tf.tensordot`), as the
    legacy layer did. Variables are `<scope>/kernel` `(input_dim, units)` and
    `<scope>/bias` `(units,)`.

    Args:
      units: Strictly positive integer, the dimensionality of the output space.
      activation: Callable, name of a Keras activation, or None for linear.
      use_bias: Whether to add a bias vector.
      kernel_initializer: Initializer of the kernel. None uses the enclosing variable
        scope's initializer (glorot uniform if it has none).
      bias_initializer: Initializer of the bias (zeros by default).
      kernel_regularizer: Optional regularizer of the kernel.
      bias_regularizer: Optional regularizer of the bias.
      activity_regularizer: Optional regularizer of the output, divided by the batch size.
      kernel_constraint: Optional projection applied to the kernel by optimizers.
      bias_constraint: Optional projection applied to the bias by optimizers.
      trainable: Whether the variables go to `TRAINABLE_VARIABLES`.
      name: Layer name (and variable scope).
      **kwargs: `dtype` and the other keyword arguments of `compat_layers.Layer`.

    Input shape:
      N-D tensor `(batch, ..., input_dim)`, N >= 2, with a known last dimension.

    Output shape:
      N-D tensor `(batch, ..., units)`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> layer = compat_layers.Dense(4)
    >>> layer(np.ones((2, 5, 3), np.float32)).shape
    TensorShape([2, 5, 4])
    >>> [w.shape.as_list() for w in layer.weights]
    [[3, 4], [4]]
    """

    _FLOAT_INPUTS = True

    def __init__(
        self,
        units: int,
        activation: Callable[[Any], Any] | str | None = None,
        use_bias: bool = True,
        kernel_initializer: Any = None,
        bias_initializer: Any = _ZEROS,
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.units = _validation.positive_int("units", units)
        self.activation = _validation.activation(activation)
        self.use_bias = _validation.boolean("use_bias", use_bias)
        self.kernel_initializer = _validation.initializer("kernel_initializer", kernel_initializer)
        self.bias_initializer = _validation.initializer("bias_initializer", bias_initializer)
        self.kernel_regularizer = _validation.regularizer("kernel_regularizer", kernel_regularizer)
        self.bias_regularizer = _validation.regularizer("bias_regularizer", bias_regularizer)
        self.kernel_constraint = _validation.constraint("kernel_constraint", kernel_constraint)
        self.bias_constraint = _validation.constraint("bias_constraint", bias_constraint)
        self.kernel: tf.Variable | None = None
        self.bias: tf.Variable | None = None
        super().__init__(
            trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs
        )
        # The legacy Dense cast its inputs to its dtype on every call, whatever `autocast`.
        self._autocast = True
        self.input_spec = InputSpec(min_ndim=2)

    def _last_dim(self, input_shape: Any) -> int:
        shape = tf.TensorShape(input_shape)
        if shape.rank is not None and shape.rank < 2:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects an input of "
                f"rank >= 2: expected min_ndim=2, found ndim={shape.rank}. "
                f"Received: inputs with shape {shape}"
            )
        last = shape[-1] if shape.rank is not None else None
        if last is None:
            raise ValueError(
                "Invalid value for argument `inputs`. The last dimension of the inputs to a "
                f"Dense layer should be defined. Found None. Received: inputs with shape {shape}"
            )
        return int(last)

    def build(self, input_shape: Any) -> None:
        """Creates the kernel and the bias for inputs of `input_shape`."""
        last_dim = self._last_dim(input_shape)
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight(
            "kernel",
            [last_dim, self.units],
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                [self.units],
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        super().build(input_shape)

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        rank = inputs.shape.rank
        if rank == 2 or rank is None:
            outputs = tf.matmul(inputs, self.kernel)
        else:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
            if not tf.executing_eagerly():
                outputs.set_shape(inputs.shape[:-1].concatenate(self.units))
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        """`input_shape` with its last dimension replaced by `units`."""
        shape = tf.TensorShape(input_shape)
        self._last_dim(shape)
        return shape[:-1].concatenate(self.units)

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument; objects as `{"class_name", "module", "config"}`."""
        serialized = {
            key: _config.serialize(getattr(self, key))
            for key in (
                "activation",
                "kernel_initializer",
                "bias_initializer",
                "kernel_regularizer",
                "bias_regularizer",
                "activity_regularizer",
                "kernel_constraint",
                "bias_constraint",
            )
        }
        return {
            **super().get_config(),
            "units": self.units,
            "use_bias": self.use_bias,
            **serialized,
        }


def _dropout_rate(value: Any) -> Any:
    if tf.is_tensor(value):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise _validation.invalid("rate", "a value between 0 and 1", value)
    return value


def _noise_shape(value: Any) -> Any:
    if value is None or tf.is_tensor(value):
        return value
    if not isinstance(value, (Sequence, tf.TensorShape)) or isinstance(value, str):
        raise _validation.invalid("noise_shape", "a sequence of integers or None", value)
    items = list(value)
    for item in items:
        if item is not None and (isinstance(item, bool) or not isinstance(item, numbers.Integral)):
            raise _validation.invalid("noise_shape", "a sequence of integers or None", value)
    return items


class Dropout(Layer):
    """Sets a fraction `rate` of the inputs to zero while training, scaling the rest.

    Kept units are scaled by `1 / (1 - rate)`. In a v1 graph, with the same graph-level
    and op-level seeds, the masks equal those of `tf.compat.v1.layers.Dropout`: the layer
    runs `tf.nn.dropout` with `seed`, `seed + 1`, ... on successive training calls.

    Args:
      rate: The fraction of units to drop, between 0 and 1 (a float or a scalar tensor).
      noise_shape: Shape of the binary mask, broadcast over the inputs; None entries
        take the input's dimension (`[batch, 1, features]` shares a mask over time).
      seed: Python integer, the op-level seed of the first training call.
      name: Layer name.
      **kwargs: The other keyword arguments of `compat_layers.Layer`.

    Call arguments:
      inputs: A tensor.
      training: A Python bool or a boolean scalar tensor (a placeholder in graph code);
        False (or None) returns the inputs unchanged.

    Input shape:
      Any.

    Output shape:
      Same as the input.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> x = np.ones((2, 4), np.float32)
    >>> compat_layers.Dropout(0.5)(x).numpy().tolist()
    [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]
    >>> sorted(set(compat_layers.Dropout(0.5)(x, training=True).numpy().ravel()) - {0.0, 2.0})
    []
    """

    def __init__(
        self,
        rate: float = 0.5,
        noise_shape: Sequence[int | None] | None = None,
        seed: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.rate = _dropout_rate(rate)
        self.noise_shape = _noise_shape(noise_shape)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
            raise _validation.invalid("seed", "an integer or None", seed)
        self.seed = seed
        self._next_seed = seed
        super().__init__(name=name, **kwargs)

    def _mask_shape(self, inputs: tf.Tensor) -> Any:
        if self.noise_shape is None or tf.is_tensor(self.noise_shape):
            return self.noise_shape
        dynamic = tf.shape(inputs)
        return tf.convert_to_tensor(
            [dynamic[i] if size is None else size for i, size in enumerate(self.noise_shape)]
        )

    def _dropped(self, inputs: tf.Tensor) -> tf.Tensor:
        seed = self._next_seed
        if seed is not None:
            # Each training call draws a new mask, as the legacy layer's stateful seeds did.
            self._next_seed = seed + 1
        return tf.nn.dropout(
            inputs, rate=self.rate, noise_shape=self._mask_shape(inputs), seed=seed
        )

    def call(self, inputs: tf.Tensor, training: Any = False) -> tf.Tensor:
        if isinstance(self.rate, numbers.Real) and self.rate == 0:
            return tf.identity(inputs)
        if training is None:
            training = False
        if isinstance(training, tf.Variable):
            return tf.cond(training, lambda: self._dropped(inputs), lambda: tf.identity(inputs))
        return tf.__internal__.smart_cond.smart_cond(
            training, lambda: self._dropped(inputs), lambda: tf.identity(inputs)
        )

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        return tf.TensorShape(input_shape)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "rate": self.rate,
            "noise_shape": self.noise_shape,
            "seed": self.seed,
        }


class Flatten(Layer):
    """Flattens each example to one axis, keeping the batch axis.

    With `channels_first` the channels move last before flattening, so the element order
    is that of the same data in `channels_last` layout, as in TF1.

    Args:
      data_format: `"channels_last"` (default; None means it too) or `"channels_first"`,
        case-insensitive.
      **kwargs: `name` and the other keyword arguments of `compat_layers.Layer`.

    Input shape:
      Tensor of rank >= 1 `(batch, ...)`.

    Output shape:
      `(batch, product of the other dimensions)`.

    Example:

    >>> import numpy as np
    >>> import compat_layers
    >>> compat_layers.Flatten()(np.zeros((2, 3, 4), np.float32)).shape
    TensorShape([2, 12])
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        self.data_format = _validation.data_format(data_format)
        super().__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        rank = inputs.shape.rank
        if self.data_format == "channels_first" and rank and rank > 1:
            inputs = tf.transpose(inputs, perm=[0, *range(2, rank), 1])
        if tf.executing_eagerly():
            return tf.reshape(inputs, tf.constant([inputs.shape[0], -1]))
        if rank == 1:
            return tf.expand_dims(inputs, axis=1)
        batch, rest = inputs.shape[0], inputs.shape[1:]
        # The same target shape (and so the same graph) as the legacy layer built.
        if rest.is_fully_defined():
            target = tf.constant([-1, functools.reduce(operator.mul, rest.as_list(), 1)])
        elif batch is not None:
            target = tf.constant([int(batch), -1])
        else:
            target = [tf.shape(inputs)[0], -1]
        return tf.reshape(inputs, target)

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        dims = tf.TensorShape(input_shape).as_list()
        if not dims:
            return tf.TensorShape([1])
        rest = dims[1:]
        size = functools.reduce(operator.mul, rest, 1) if all(rest) else None
        return tf.TensorShape([dims[0], size])

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "data_format": self.data_format}


dense = functional_form(Dense, "dense")
dropout = functional_form(
    Dropout,
    "dropout",
    call_arguments={"training": False},
    order=("rate", "noise_shape", "seed", "training", "name"),
    reuse=False,
)
flatten = functional_form(
    Flatten,
    "flatten",
    order=("name", "data_format"),
    reuse=False,
    defaults={"name": None, "data_format": "channels_last"},
)
