"""The TF1 cell wrappers: `DropoutWrapper`, `ResidualWrapper`, `DeviceWrapper`.

A wrapper calls the wrapped cell's `__call__` directly (so the wrapped cell keeps its own
variable scope and names) and adds its behaviour around it. As in TF1, a wrapper is never
built itself: its `weights` stay empty and the variables belong to the wrapped cell.
"""

from __future__ import annotations

import hashlib
import itertools
import numbers
from collections.abc import Callable
from typing import Any

import tensorflow as tf

from compat_layers import _rnn_base as base

__all__ = ["DeviceWrapper", "DropoutWrapper", "ResidualWrapper"]

v1 = tf.compat.v1


def _enumerated_map_up_to(shallow: Any, fn: Callable[..., Any], *structures: Any) -> Any:
    """`map_structure_up_to(shallow, ...)` passing each leaf's index as the first argument."""
    counter = itertools.count()
    return tf.__internal__.nest.map_structure_up_to(
        shallow, lambda *leaves: fn(next(counter), *leaves), *structures
    )


def _default_dropout_state_filter_visitor(substate: Any) -> Any:
    # The memory `c` of an LSTM state is never dropped (Gal & Ghahramani), nor TensorArrays.
    if isinstance(substate, base.LSTMStateTuple):
        return base.LSTMStateTuple(c=False, h=True)
    return not isinstance(substate, tf.TensorArray)


class _Wrapper(base.RNNCell):
    """Shared part of the wrappers: holds the cell, forwards sizes, states and calls."""

    def __init__(self, cell: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base.assert_like_rnncell("cell", cell)
        self.cell = cell

    def _sublayers(self) -> list[Any]:
        # TF1 wrappers never reported the wrapped cell's variables as their own weights.
        return []

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        return self._call_wrapped_cell(inputs, state, self.cell.__call__, scope=scope)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        raise NotImplementedError

    @property
    def state_size(self) -> Any:
        return self.cell.state_size

    @property
    def output_size(self) -> Any:
        return self.cell.output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def get_config(self) -> dict[str, Any]:
        cell = {"class_name": type(self.cell).__name__, "config": self.cell.get_config()}
        return {**super().get_config(), "cell": cell}

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Any:
        """Rebuild the wrapper; the config's `cell` must have been replaced by a cell object."""
        config = dict(config)
        cell = config.pop("cell")
        try:
            base.assert_like_rnncell("cell", cell)
        except TypeError:
            raise ValueError(
                "RNNCellWrapper cannot reconstruct the wrapped cell. Please overwrite the cell "
                "in the config with a RNNCell instance."
            ) from None
        return cls(cell, **config)


def _keep_probability(argument: str, value: Any) -> Any:
    """A Python float in [0, 1] when the value is static, else the tensor itself."""
    tensor = tf.convert_to_tensor(value)
    static = tf.get_static_value(tensor)
    if static is None:
        return tensor
    if not 0 <= static <= 1:
        raise ValueError(
            f"Invalid value for argument `{argument}`. Expected a keep probability: Parameter "
            f"{argument} must be between 0 and 1. Received: {argument}={value!r}"
        )
    return float(static)


class DropoutWrapper(_Wrapper):
    """Dropout on the inputs, outputs and states of a cell.

    Args:
      cell: the RNN cell to wrap.
      input_keep_prob: keep probability of the inputs (float in [0, 1] or scalar tensor).
      output_keep_prob: keep probability of the outputs.
      state_keep_prob: keep probability of the new states (filtered by
        `dropout_state_filter_visitor`; by default the `c` of an LSTM state is kept).
      variational_recurrent: use one dropout mask for all time steps (Gal & Ghahramani); then
        `dtype` is required, and `input_size` when inputs are dropped.
      input_size: depth(s) of the inputs (nested `TensorShape`s or ints), for
        `variational_recurrent`.
      dtype: dtype of inputs, states and outputs, for `variational_recurrent`.
      seed: random seed; each dropped tensor derives its own seed from it.
      dropout_state_filter_visitor: function of a sub-state returning a bool or a structure of
        bools: which parts of the state are dropped.
      **kwargs: Further layer arguments.

    Input shape / Output shape: those of the wrapped cell.
    Keras 3 equivalent: the `dropout` / `recurrent_dropout` arguments of the Keras cells.
    """

    def __init__(
        self,
        cell,
        input_keep_prob=1.0,
        output_keep_prob=1.0,
        state_keep_prob=1.0,
        variational_recurrent=False,
        input_size=None,
        dtype=None,
        seed=None,
        dropout_state_filter_visitor=None,
        **kwargs,
    ):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError(
                "dropout_state_filter_visitor must be callable. "
                f"Received: {dropout_state_filter_visitor}"
            )
        self._dropout_state_filter = (
            dropout_state_filter_visitor or _default_dropout_state_filter_visitor
        )
        with tf.name_scope("DropoutWrapperInit"):
            self._input_keep_prob = _keep_probability("input_keep_prob", input_keep_prob)
            self._state_keep_prob = _keep_probability("state_keep_prob", state_keep_prob)
            self._output_keep_prob = _keep_probability("output_keep_prob", output_keep_prob)
        self._variational_recurrent = variational_recurrent
        self._input_size = input_size
        self._seed = seed
        self._recurrent_input_noise = None
        self._recurrent_state_noise = None
        self._recurrent_output_noise = None
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            self._make_noise(cell, input_size, dtype)

    def _make_noise(self, cell: Any, input_size: Any, dtype: Any) -> None:
        def noise(salt: str, sizes: Any) -> Any:
            def one(index: int, size: Any) -> tf.Tensor:
                shape = tf.concat(([1], tf.TensorShape(size).as_list()), 0)
                return tf.random.uniform(shape, seed=self._gen_seed(salt, index), dtype=dtype)

            return _enumerated_map_up_to(sizes, one, sizes)

        keep = self._input_keep_prob
        if not isinstance(keep, numbers.Real) or keep < 1.0:
            if input_size is None:
                raise ValueError(
                    "When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                    "input_size must be provided"
                )
            self._recurrent_input_noise = noise("input", input_size)
        self._recurrent_state_noise = noise("state", cell.state_size)
        self._recurrent_output_noise = noise("output", cell.output_size)

    def _gen_seed(self, salt_prefix: str, index: int) -> int | None:
        if self._seed is None:
            return None
        digest = hashlib.md5(f"{self._seed}{salt_prefix}_{index}".encode()).hexdigest()
        return int(digest[:8], 16) & 0x7FFFFFFF

    @property
    def wrapped_cell(self) -> Any:
        return self.cell

    def build(self, input_shape: Any) -> None:
        self.cell.build(input_shape)

    def _dropout(self, values, salt, noise, keep_prob, shallow=None):
        shallow = values if shallow is None else shallow

        def wanted(flag: Any) -> bool:
            return not isinstance(flag, bool) or flag

        if not self._variational_recurrent:

            def drop(i, flag, value):
                if not wanted(flag):
                    return value
                return tf.nn.dropout(value, rate=1.0 - keep_prob, seed=self._gen_seed(salt, i))

            return _enumerated_map_up_to(shallow, drop, shallow, values)

        def drop_variational(i, flag, value, value_noise):
            if not wanted(flag):
                return value
            kept = tf.floor(keep_prob + value_noise)
            result = tf.divide(value, keep_prob) * kept
            result.set_shape(value.shape)
            return result

        return _enumerated_map_up_to(shallow, drop_variational, shallow, values, noise)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        def active(keep: Any) -> bool:
            return not isinstance(keep, float) or keep < 1

        if active(self._input_keep_prob):
            inputs = self._dropout(
                inputs, "input", self._recurrent_input_noise, self._input_keep_prob
            )
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if active(self._state_keep_prob):
            shallow = tf.__internal__.nest.get_traverse_shallow_structure(
                self._dropout_state_filter, new_state
            )
            new_state = self._dropout(
                new_state, "state", self._recurrent_state_noise, self._state_keep_prob, shallow
            )
        if active(self._output_keep_prob):
            output = self._dropout(
                output, "output", self._recurrent_output_noise, self._output_keep_prob
            )
        return output, new_state

    def get_config(self) -> dict[str, Any]:
        config = {
            "input_keep_prob": self._input_keep_prob,
            "output_keep_prob": self._output_keep_prob,
            "state_keep_prob": self._state_keep_prob,
            "variational_recurrent": self._variational_recurrent,
            "input_size": self._input_size,
            "seed": self._seed,
        }
        if self._dropout_state_filter is not _default_dropout_state_filter_visitor:
            config["dropout_state_filter_visitor"] = self._dropout_state_filter
        return {**super().get_config(), **config}


class ResidualWrapper(_Wrapper):
    """Adds the cell's inputs to its outputs (or combines them with `residual_fn`).

    Args:
      cell: the RNN cell to wrap; its output size must equal its input size.
      residual_fn: `fn(inputs, outputs) -> outputs`; default: element-wise sum over the
        (nested) structure.
      **kwargs: Further layer arguments.
    """

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        tf.nest.assert_same_structure(inputs, outputs)
        for i, o in zip(tf.nest.flatten(inputs), tf.nest.flatten(outputs), strict=True):
            i.shape.assert_is_compatible_with(o.shape)
        return tf.nest.map_structure(lambda i, o: i + o, inputs, outputs), new_state

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        if self._residual_fn is not None:
            config["residual_fn"] = self._residual_fn
        return config


class DeviceWrapper(_Wrapper):
    """Runs the cell (and builds its zero state) under `tf.device(device)`.

    Args:
      cell: the RNN cell to wrap.
      device: a device string or function, as `tf.compat.v1.device` takes.
      **kwargs: Further layer arguments.
    """

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        with tf.name_scope(type(self).__name__ + "ZeroState"), v1.device(self._device):
            return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with v1.device(self._device):
            return cell_call_fn(inputs, state, **kwargs)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "device": self._device}
