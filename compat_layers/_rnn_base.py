"""The RNN cell protocol of `tf.compat.v1.nn.rnn_cell`: `RNNCell`, `LSTMStateTuple`, zero states.

TensorFlow's own `dynamic_rnn`, `static_rnn`, `raw_rnn` and friends accept any object with
`output_size`, `state_size`, `zero_state` (or `get_initial_state`) that is callable as
`cell(inputs, state)` (`rnn_cell_impl.assert_like_rnncell`), so these classes only have to
behave like the legacy ones: the same variable scopes (and so the same variable names), the
same state structures, the same zero-state tensors.
"""

from __future__ import annotations

import collections
import numbers
from collections.abc import Callable
from typing import Any

import tensorflow as tf

from compat_layers import _validation
from compat_layers.base import Layer, in_v1_graph

__all__ = [
    "LSTMStateTuple",
    "LayerRNNCell",
    "RNNCell",
    "assert_like_rnncell",
    "check_input_dtypes",
    "supported_dtype",
]

v1 = tf.compat.v1


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The state of an LSTM cell with `state_is_tuple=True`: `(c, h)`, cell state then output.

    Example:

    >>> state = LSTMStateTuple(c=tf.zeros([2, 3]), h=tf.ones([2, 3]))
    >>> state.dtype.name
    'float32'
    """

    __slots__ = ()

    @property
    def dtype(self) -> tf.DType:
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent dtypes for internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def supported_dtype(argument: str, dtype: Any) -> None:
    """Refuse integer dtypes as the legacy cells did (tanh and sigmoid need floats)."""
    if dtype is None:
        return
    dtype = tf.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError(
            f"Invalid value for argument `{argument}`. Expected a floating point or complex "
            f"dtype: RNN cell only supports floating point inputs, but received dtype: {dtype}. "
            f"Received: {argument}={dtype.name!r}"
        )


def check_input_dtypes(*tensors: Any) -> None:
    """Refuse non-float inputs or states; called on every step, so kept to attribute reads."""
    for tensor in tensors:
        dtype = tensor.dtype
        if not (dtype.is_floating or dtype.is_complex):
            supported_dtype("inputs", dtype)


def _has(obj: Any, attribute: str) -> bool:
    # A property that raises AttributeError counts as missing, as in TensorFlow's own check.
    try:
        getattr(obj, attribute)
    except AttributeError:
        return False
    return True


def assert_like_rnncell(cell_name: str, cell: Any) -> None:
    """Raise TypeError unless `cell` has what TensorFlow's rnn functions use of a cell."""
    missing = [
        message
        for ok, message in (
            (_has(cell, "output_size"), "'output_size' property is missing"),
            (_has(cell, "state_size"), "'state_size' property is missing"),
            (
                _has(cell, "get_initial_state") or _has(cell, "zero_state"),
                "either 'zero_state' or 'get_initial_state' method is required",
            ),
            (callable(cell), "is not callable"),
        )
        if not ok
    ]
    if missing:
        raise TypeError(
            f"The argument {cell_name!r} ({cell}) is not an RNNCell: {', '.join(missing)}."
        )


def _state_zeros(batch_size: Any, size: Any, dtype: tf.DType) -> tf.Tensor:
    """Zeros of shape `[batch_size] + size`; `batch_size` a Python int or a scalar tensor."""
    size = tf.TensorShape(size)
    if not tf.is_tensor(batch_size):
        return tf.zeros([batch_size, *size.as_list()], dtype=dtype)
    batch = batch_size if batch_size.shape.rank == 1 else tf.expand_dims(batch_size, 0)
    zeros = tf.zeros(tf.concat([batch, size.as_list()], 0), dtype=dtype)
    if not tf.executing_eagerly():
        static = tf.get_static_value(batch_size)
        static = None if static is None else int(static)
        zeros.set_shape(tf.TensorShape([static]).concatenate(size))
    return zeros


class RNNCell(Layer):
    """Base class of the TF1 RNN cells, and of users' own cells.

    A cell is a layer called as `output, new_state = cell(inputs, state)` once per time step.
    Subclasses define `state_size`, `output_size` and `call(inputs, state)`; `call` may create
    variables with `tf.compat.v1.get_variable`, as TF1 cells did (they land in the cell's
    variable scope and in its weights), or in `build` with `add_weight`.

    Args:
      trainable: Whether the cell's variables are trainable.
      name: Name of the cell (its variable scope).
      dtype: Default dtype of the variables (default: the dtype of the first input).
      **kwargs: Further `compat_layers.Layer` arguments.

    Example:

    >>> class Doubler(RNNCell):
    ...     state_size = 2
    ...     output_size = 2
    ...     def call(self, inputs, state):
    ...         return 2 * inputs + state, state
    >>> out, state = Doubler()(tf.ones([1, 2]), tf.zeros([1, 2]))
    >>> out.numpy().tolist()
    [[2.0, 2.0]]
    """

    def __init__(
        self, trainable: bool = True, name: str | None = None, dtype: Any = None, **kwargs: Any
    ) -> None:
        supported_dtype("dtype", dtype)
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._is_tf_rnn_cell = True
        self._getter_trainable: list[Any] = []
        self._getter_non_trainable: list[Any] = []
        self._rnncell_scope: Any = None
        self._last_zero_state: Any = None

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        """Run one step: `(output, new_state)` for `inputs` `[batch, input_size]` and `state`.

        Args:
          inputs: 2D tensor `[batch_size, input_size]`.
          state: tensor(s) matching `state_size`.
          scope: variable scope (name or `VariableScope`) for the cell's variables; by default
            the scope current at the first call.

        Returns:
          `(output, new_state)`.
        """
        # The custom getter records variables that `call` creates with get_variable, so that
        # such cells report them as weights (the legacy cells did the same).
        if scope is not None:
            with v1.variable_scope(scope, custom_getter=self._rnn_get_variable) as entered:
                return super().__call__(inputs, state, scope=entered)
        if self._rnncell_scope is None:
            self._rnncell_scope = v1.variable_scope(
                v1.get_variable_scope(), custom_getter=self._rnn_get_variable
            )
        with self._rnncell_scope:
            return super().__call__(inputs, state)

    def _rnn_get_variable(self, getter: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        variable = getter(*args, **kwargs)
        first = variable._variable_list[0] if hasattr(variable, "_variable_list") else variable
        if v1.executing_eagerly_outside_functions():
            trainable = first.trainable
        else:
            trainable = any(first is v for v in v1.trainable_variables())
        seen = self._getter_trainable if trainable else self._getter_non_trainable
        if all(variable is not v for v in seen):
            seen.append(variable)
        return variable

    def _merged(self, own: list[Any], recorded: list[Any]) -> list[Any]:
        return own + [v for v in recorded if all(v is not w for w in own)]

    @property
    def trainable_weights(self) -> list[Any]:
        if not self.trainable:
            return []
        return self._merged(super().trainable_weights, self._getter_trainable)

    @property
    def non_trainable_weights(self) -> list[Any]:
        own = self._merged(super().non_trainable_weights, self._getter_non_trainable)
        if self.trainable:
            return own
        return self._merged(super().trainable_weights, self._getter_trainable) + own

    @property
    def weights(self) -> list[Any]:
        return self.trainable_weights + self.non_trainable_weights

    @property
    def trainable_variables(self) -> list[Any]:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Any]:
        return self.non_trainable_weights

    @property
    def variables(self) -> list[Any]:
        return self.weights

    @property
    def state_size(self) -> Any:
        """Size(s) of the state: an int, a `TensorShape`, or a nested tuple of them."""
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self) -> Any:
        """Size of the output: an int or a `TensorShape`."""
        raise NotImplementedError("Abstract method")

    def get_initial_state(
        self, inputs: Any = None, batch_size: Any = None, dtype: Any = None
    ) -> Any:
        """The zero state for `inputs` (batch size and dtype taken from it) or for both given."""
        if inputs is not None:
            inputs = tf.convert_to_tensor(inputs, name="inputs")
            if batch_size is not None:
                static = (
                    tf.get_static_value(batch_size, partial=True)
                    if tf.is_tensor(batch_size)
                    else batch_size
                )
                if inputs.shape[0] != static:
                    raise ValueError(
                        "batch size from input tensor is different from the input param. "
                        f"Input tensor batch: {inputs.shape[0]}, batch_size: {batch_size}"
                    )
            if dtype is not None and inputs.dtype != dtype:
                raise ValueError(
                    "dtype from input tensor is different from the input param. "
                    f"Input tensor dtype: {inputs.dtype}, dtype: {dtype}"
                )
            batch_size = inputs.shape[0] or tf.shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(
                "batch_size and dtype cannot be None while constructing initial state: "
                f"batch_size={batch_size}, dtype={dtype}"
            )
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Zero-filled state tensor(s) `[batch_size, s]` for each `s` in `state_size`.

        Args:
          batch_size: int or scalar int tensor.
          dtype: dtype of the state.

        Returns:
          A tensor, or a structure of tensors matching `state_size`.
        """
        state_size = self.state_size
        eager = tf.executing_eagerly()
        key = (state_size, batch_size, dtype)
        # Eagerly, the same request returns the same tensors (legacy behaviour, and cheaper).
        if eager and self._last_zero_state is not None and self._last_zero_state[0] == key:
            return self._last_zero_state[1]
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            output = tf.nest.map_structure(lambda s: _state_zeros(batch_size, s, dtype), state_size)
        if eager:
            self._last_zero_state = (key, output)
        return output

    def get_config(self) -> dict[str, Any]:
        return super().get_config()


class LayerRNNCell(RNNCell):
    """An `RNNCell` whose variables come from `build`/`add_weight` only (all built-in cells).

    Called straight through the layer machinery: no custom getter, one variable scope per cell.
    """

    def __call__(self, inputs: Any, state: Any, scope: Any = None, *args: Any, **kwargs: Any):
        if (
            self.built
            and scope is None
            and not args
            and not kwargs
            and self.activity_regularizer is None
            and isinstance(inputs, tf.Tensor)
            and inputs.shape.rank == 2
            and not in_v1_graph()
        ):
            # A step of an unrolled loop, eagerly or in a tf.function: the variables exist and
            # the input spec (rank 2) holds, so the layer machinery would only add overhead
            # to every time step.
            return self.call(inputs, state)
        return Layer.__call__(self, inputs, state, *args, scope=scope, **kwargs)

    def _input_depth(self, input_shape: Any) -> int:
        """The known last dimension of the inputs; the variable dtype checked first."""
        supported_dtype("inputs", self.dtype)
        depth = tf.TensorShape(input_shape)[-1]
        if depth is None:
            raise ValueError(
                f"Expected inputs.shape[-1] to be known, received shape: {input_shape}"
            )
        return int(depth)


def positive_units(argument: str, value: Any) -> int:
    return _validation.positive_int(argument, value)


def optional_positive(argument: str, value: Any) -> int | None:
    return None if value is None else _validation.positive_int(argument, value)


def optional_clip(argument: str, value: Any) -> Any:
    """A clipping bound: None, a non-negative number, or a tensor (checked at run time)."""
    if value is None or tf.is_tensor(value):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
        raise _validation.invalid(argument, "None, a non-negative number or a tensor", value)
    return value
