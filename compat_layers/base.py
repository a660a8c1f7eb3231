"""`Layer`: TensorFlow 1's `tf.layers.Layer` semantics, for our layers and for users' own.

A `Layer` creates its variables with `tf.compat.v1.get_variable` inside the same
variable scopes as TensorFlow's legacy layers, so graph-mode code, `variable_scope`
reuse, graph collections and name-based TF1 checkpoints behave as before, and the
`track_tf1_style_variables` shim captures the variables in TF2 code. Subclasses
follow the Keras 2 protocol the legacy base had: `build(input_shape)` creates weights
with `add_weight`, `call(inputs, ...)` computes, `input_spec` constrains inputs.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import tensorflow as tf

from compat_layers import _collections, _validation, experimental
from compat_layers._layer_api import Keras2LayerAPI
from compat_layers._layer_state import TF1StateMixin, in_v1_graph
from compat_layers.input_spec import assert_input_compatibility

__all__ = ["Layer", "LegacyLayerWarning", "in_v1_graph"]

# Keyword arguments the legacy base accepted and ignored (Keras Sequential models read them).
_IGNORED_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim", "implementation")


class LegacyLayerWarning(UserWarning):
    """Emitted where the legacy `tf.layers` API warned (its functional forms, `Layer.graph`)."""


class Layer(TF1StateMixin, Keras2LayerAPI, tf.Module):
    """Base class of TF1 layers: `tf.compat.v1.layers.Layer` on TensorFlow 2 with Keras 3.

    Subclass it as TF1 code did: create weights in `build(input_shape)` with
    `self.add_weight` (or its TF1 name `add_variable`), compute in `call(inputs)`.
    Variables get v1 names under the layer's variable scope (`<scope>/<layer>/<weight>`),
    go to the GLOBAL and TRAINABLE collections, and `reuse` works as in TF1.

    Args:
      trainable: Whether the layer's variables go to `TRAINABLE_VARIABLES`.
      name: Layer name, which is also its variable scope name; None numbers the layer
        from its class name (`my_layer`, `my_layer_1`, ...).
      dtype: Dtype of the layer's variables; None takes the first input's dtype.
      **kwargs: `activity_regularizer`, `autocast`, `dynamic`, `weights`, the shape
        arguments the legacy base ignored, and `_scope`/`_reuse` (set by functional forms).

    Example:

    >>> import tensorflow as tf
    >>> import compat_layers
    >>> class Scale(compat_layers.Layer):
    ...     def build(self, input_shape):
    ...         self.scale = self.add_weight("scale", [input_shape[-1]], initializer="ones")
    ...     def call(self, inputs):
    ...         return inputs * self.scale
    >>> with tf.Graph().as_default():
    ...     y = Scale(name="scale")(tf.compat.v1.placeholder(tf.float32, [None, 3]))
    ...     [v.name for v in tf.compat.v1.global_variables()]
    ['scale/scale:0']
    """

    # Built-in layers take floating inputs only and refuse other dtypes with a clear error.
    _FLOAT_INPUTS = False

    def __init__(
        self,
        trainable: bool = True,
        name: str | tf.compat.v1.VariableScope | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ) -> None:
        # tf.Module.__init__ is deliberately not called: it opens a name scope at
        # construction, which would take the name the legacy layer's ops get at call
        # time, and it rejects names such as "block/conv" that v1 code passes.
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._dtype = _validation.float_dtype("dtype", dtype) if self._FLOAT_INPUTS else None
        if dtype is not None and not self._FLOAT_INPUTS:
            self._dtype = tf.as_dtype(dtype).base_dtype
        self._autocast = _validation.boolean("autocast", kwargs.pop("autocast", False))
        self._initial_weights = kwargs.pop("weights", None)
        self.dynamic = _validation.boolean("dynamic", kwargs.pop("dynamic", False))
        self.activity_regularizer = _validation.regularizer(
            "activity_regularizer", kwargs.pop("activity_regularizer", None)
        )
        for ignored in _IGNORED_KWARGS:
            kwargs.pop(ignored, None)
        if kwargs:
            raise TypeError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: "
                f"{', '.join(sorted(kwargs))}. Received: {kwargs!r}"
            )
        self._trainable = _validation.boolean("trainable", trainable)
        if name is not None and not isinstance(name, (str, tf.compat.v1.VariableScope)):
            raise _validation.invalid("name", "a string, a VariableScope or None", name)

        self.built = False
        self.input_spec: Any = None
        self.stateful = False
        self._trainable_weights: list[tf.Variable] = []
        self._non_trainable_weights: list[tf.Variable] = []
        self._loss_fns: list[Any] = []  # callables, evaluated when `losses` is read
        self._graph_losses: list[tf.Tensor] = []
        self._unconditional_graph_losses: list[tf.Tensor] = []
        self._call_losses: list[tf.Tensor] = []
        self._updates: list[Any] = []
        self._unconditional_updates: list[Any] = []
        self._call_inputs: Any = None  # the inputs of the call in progress (v1 graphs)
        self._current_scope: tf.compat.v1.VariableScope | None = None
        self._in_scope = False
        self._keras_style = experimental.in_keras_style_scope()

        class_name = _collections.snake_case(type(self).__name__)
        if isinstance(name, tf.compat.v1.VariableScope):
            self._base_name = name.name
            self._name = _collections.unique_layer_name(class_name)
        elif name:
            self._base_name = self._name = name
        else:
            self._name = _collections.unique_layer_name(class_name)
            self._base_name = class_name
        if self._keras_style:
            for argument, value in (("scope", scope), ("reuse", self._reuse)):
                if value is not None:
                    raise ValueError(
                        f"{argument} argument not allowed when keras style layers are enabled, "
                        f"but saw: {value}. Received: {argument}={value!r}"
                    )
        self._scope: tf.compat.v1.VariableScope | None = None
        if scope:
            with tf.compat.v1.variable_scope(scope) as captured_scope:
                self._scope = captured_scope
        self._call_takes_scope = "scope" in _argument_names(self.call)

    # ------------------------------------------------------------------ naming

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> tf.name_scope:
        """The name scope of the layer's ops (its variable scope's, once called)."""
        if self._current_scope is not None:
            return tf.name_scope(self._current_scope.original_name_scope)
        return tf.name_scope(self._name)

    @property
    def scope_name(self) -> str:
        if self._scope is None:
            raise ValueError(
                f'No name available for layer scope because the layer "{self._name}" has not '
                "been used yet. The scope name is determined the first time the layer "
                "instance is called. You must therefore call the layer before querying "
                "`scope_name`."
            )
        return self._scope.name

    @property
    def graph(self) -> None:
        warnings.warn(
            "`Layer.graph` is deprecated and will be removed in a future version: tf.layers "
            "layers do not track their graph, and this property always returns None.",
            LegacyLayerWarning,
            stacklevel=2,
        )
        if tf.executing_eagerly():
            raise RuntimeError("Layer.graph not supported when executing eagerly.")
        return None

    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is not None:
            return
        if self._keras_style:
            # Keras-style layers own their variables; the scope only names them uniquely.
            with tf.compat.v1.variable_scope(None, default_name=self._name) as captured_scope:
                self._scope = captured_scope
        elif self._reuse:
            # Reusing an unnamed layer means reusing the first one: no uniquifying.
            with tf.compat.v1.variable_scope(
                scope if scope is not None else self._base_name
            ) as captured_scope:
                self._scope = captured_scope
        else:
            with tf.compat.v1.variable_scope(scope, default_name=self._base_name) as captured_scope:
                self._scope = captured_scope

    @contextlib.contextmanager
    def _layer_scope(self, scope: Any = None) -> Iterator[tf.compat.v1.VariableScope]:
        """The layer's variable scope (reusing once built) and the name scope of its ops."""
        if self._in_scope:
            yield self._current_scope
            return
        self._set_scope(scope)
        reuse = True if self.built else self._reuse
        with tf.compat.v1.variable_scope(
            self._scope, reuse=reuse, auxiliary_name_scope=False
        ) as variable_scope:
            self._current_scope = variable_scope
            with tf.name_scope(variable_scope.original_name_scope):
                self._in_scope = True
                try:
                    yield variable_scope
                finally:
                    self._in_scope = False

    # ---------------------------------------------------------------- dtype etc.

    @property
    def dtype(self) -> str | None:
        return self._dtype.name if self._dtype is not None else None

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = _validation.boolean("trainable", value)

    # ------------------------------------------------------------- subclass API

    def build(self, input_shape: Any) -> None:
        """Creates the layer's weights for inputs of `input_shape` (default: none)."""
        self.built = True

    def call(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """The layer's computation (default: the identity)."""
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        raise NotImplementedError(
            f"Please run in eager mode or implement the compute_output_shape method on your "
            f"layer ({type(self).__name__})."
        )

    def get_config(self) -> dict[str, Any]:
        return {"name": self._base_name, "trainable": self._trainable, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Layer:
        from compat_layers import _config

        return cls(**{key: _config.deserialize(value) for key, value in config.items()})

    def _check_inputs(self, inputs: Any) -> None:
        """Raises ValueError for inputs the layer cannot take, before any variable exists."""
        assert_input_compatibility(self.input_spec, inputs, self._name)

    # ---------------------------------------------------------------- call

    def _maybe_build(self, inputs: Any) -> None:
        if self.built:
            return
        first = tf.nest.flatten(inputs)[0] if tf.nest.flatten(inputs) else None
        if self._dtype is None and first is not None and hasattr(first, "dtype"):
            self._dtype = tf.as_dtype(first.dtype).base_dtype  # variables follow the input
        shapes = tf.nest.map_structure(lambda t: tf.TensorShape(t.shape), inputs)
        self.build(shapes)
        self.built = True
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """Applies the layer; the first call creates the variables in the layer's scope."""
        scope = kwargs.pop("scope", None)
        if self._keras_style and scope is not None:
            raise ValueError(
                "scope argument not allowed when keras style layers are enabled, but saw: "
                f"{scope}. Received: scope={scope!r}"
            )
        inputs = self._convert_inputs(inputs)
        self._check_inputs(inputs)
        v1_graph = in_v1_graph()
        if self.built and not v1_graph and not self._call_takes_scope:
            # The variables exist and op names do not matter outside v1 graphs: entering
            # the variable and name scopes again would only add per-call overhead.
            if self._call_losses:  # assigning a tracked attribute costs ~10 us per call
                self._call_losses = []
            outputs = self.call(inputs, *args, **kwargs)
            self._record_activity_loss(outputs, v1_graph=False)
            return outputs
        if not v1_graph:
            self._call_losses = []  # a new call's losses replace the last call's
        with self._layer_scope(scope) as variable_scope:
            self._maybe_build(inputs)
            if self._call_takes_scope:
                kwargs["scope"] = variable_scope
            self._call_inputs = inputs if v1_graph else None
            try:
                outputs = self.call(inputs, *args, **kwargs)
            finally:
                self._call_inputs = None
            self._record_activity_loss(outputs, v1_graph=v1_graph)
        if v1_graph:
            _collections.add_to_collection(tf.compat.v1.GraphKeys.UPDATE_OPS, self.updates)
        return outputs

    def __deepcopy__(self, memo: dict[int, Any]) -> Layer:
        """A copy sharing the graph objects: tensors, variables and variable scopes are
        referenced (they belong to the graph, and TF1 code deep-copied layers that had
        built), everything else is copied."""
        copied = type(self).__new__(type(self))
        memo[id(self)] = copied
        for key, value in self.__dict__.items():
            if key in ("_scope", "_current_scope"):
                copied.__dict__[key] = copy.copy(value)
            elif _holds_graph_objects(value):
                copied.__dict__[key] = list(value) if isinstance(value, list) else value
            else:
                copied.__dict__[key] = copy.deepcopy(value, memo)
        return copied

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """Same as calling the layer (the TF1 spelling)."""
        return self(inputs, *args, **kwargs)

    def _convert_inputs(self, inputs: Any) -> Any:
        if not self._FLOAT_INPUTS:
            if isinstance(inputs, tf.Tensor):  # the common case, without tf.nest's cost
                return inputs
            return tf.nest.map_structure(_to_tensor_if_array, inputs)
        if isinstance(inputs, tf.Tensor) and inputs.dtype is self._dtype:  # DTypes are interned
            return inputs  # the common case (a float tensor of the layer's dtype), cheaply
        if isinstance(inputs, tf.Tensor):
            tensor = inputs
        elif tf.is_tensor(inputs) or isinstance(inputs, tf.Variable):
            tensor = tf.convert_to_tensor(inputs)
        else:  # NumPy arrays and lists, as Keras layers accept them
            tensor = tf.convert_to_tensor(inputs)
            if self._dtype is not None and tensor.dtype != self._dtype:
                tensor = tf.cast(tensor, self._dtype)
        if tensor.dtype.base_dtype not in _validation.FLOAT_DTYPES:
            raise ValueError(
                f"Invalid value for argument `inputs`. Layer {self._name} expects a floating "
                f"point input. Received: inputs with dtype {tensor.dtype.name}"
            )
        if self._dtype is not None and tensor.dtype.base_dtype != self._dtype:
            if not self._autocast:
                raise ValueError(
                    f"Invalid value for argument `inputs`. Layer {self._name} has dtype "
                    f"{self._dtype.name}. Received: inputs with dtype {tensor.dtype.name}"
                )
            tensor = tf.cast(tensor, self._dtype)
        return tensor

    def _record_activity_loss(self, outputs: Any, *, v1_graph: bool) -> None:
        if self.activity_regularizer is None:
            return
        with tf.name_scope("ActivityRegularizer"):
            losses = []
            for output in tf.nest.flatten(outputs):
                loss = self.activity_regularizer(output)
                batch = tf.cast(tf.shape(output)[0], loss.dtype)
                # The legacy layer made activity regularization independent of batch size.
                losses.append(loss / batch)
        if v1_graph:
            self._add_graph_losses(losses, unconditional=False)
        else:
            self._call_losses.extend(losses)


def _argument_names(function: Any) -> list[str]:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def _to_tensor_if_array(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic, float, int)) and not isinstance(value, bool):
        return tf.convert_to_tensor(value)
    return value


def _holds_graph_objects(value: Any) -> bool:
    """Whether `value` is (or is a list/tuple of) tensors, variables or operations."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return bool(items) and all(
        tf.is_tensor(item) or isinstance(item, (tf.Variable, tf.Operation)) for item in items
    )
