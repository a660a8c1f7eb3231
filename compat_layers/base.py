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
import inspect
import math
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import variable_scope as _tf_variable_scope
from tensorflow.python.ops.variables import PartitionedVariable

from compat_layers import _collections, _validation, experimental
from compat_layers.input_spec import assert_input_compatibility

__all__ = ["Layer", "LegacyLayerWarning", "in_v1_graph"]

_GLOBAL = tf.compat.v1.GraphKeys.GLOBAL_VARIABLES
_TRAINABLE = tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES
# Keyword arguments the legacy base accepted and ignored (Keras Sequential models read them).
_IGNORED_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim", "implementation")


class LegacyLayerWarning(UserWarning):
    """Emitted where the legacy `tf.layers` API warned (its functional forms, `Layer.graph`)."""


def in_v1_graph() -> bool:
    """True while building a TF1-style graph (not eagerly, not inside a `tf.function`)."""
    return not tf.compat.v1.executing_eagerly_outside_functions()


class Layer(tf.Module):
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

    # ------------------------------------------------------------- weights API

    def _sublayers(self) -> list[Layer]:
        """Layers held in attributes (directly or in lists, tuples and dicts), in order."""
        found: dict[int, Layer] = {}
        for module in self._flatten(recursive=False, predicate=lambda m: isinstance(m, Layer)):
            if module is not self:
                found.setdefault(id(module), module)
        return list(found.values())

    def _collect(self, attribute: str) -> list[Any]:
        items = list(getattr(self, attribute))
        seen = {id(item) for item in items}
        for layer in self._sublayers():
            for item in getattr(layer, attribute):
                if id(item) not in seen:
                    seen.add(id(item))
                    items.append(item)
        return items

    @property
    def trainable_weights(self) -> list[tf.Variable]:
        if not self._trainable:
            return []
        return self._collect("_own_trainable_weights")

    @property
    def non_trainable_weights(self) -> list[tf.Variable]:
        if self._trainable:
            return self._collect("_own_non_trainable_weights")
        return self._collect("_own_all_weights")

    @property
    def _own_trainable_weights(self) -> list[tf.Variable]:
        return self._trainable_weights if self._trainable else []

    @property
    def _own_non_trainable_weights(self) -> list[tf.Variable]:
        if self._trainable:
            return self._non_trainable_weights
        return self._trainable_weights + self._non_trainable_weights

    @property
    def _own_all_weights(self) -> list[tf.Variable]:
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self) -> list[tf.Variable]:
        return self.trainable_weights + self.non_trainable_weights

    # tf.Module names these as tuples; the legacy layer returned lists in weight order.
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer {self._name}, but the layer isn't "
                f"built. You can build it manually via: `{self._name}.build(batch_input_shape)`."
            )
        return int(sum(math.prod(w.shape.as_list()) for w in self.weights))

    def get_weights(self) -> list[np.ndarray]:
        """The weights' current values as NumPy arrays (a default session in graph mode)."""
        weights = self.weights
        if not weights:
            return []
        if tf.executing_eagerly():
            return [w.numpy() for w in weights]
        return _graph_session("get_weights").run(weights)

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Assigns NumPy arrays to the weights, checking count and shapes first."""
        params = self.weights
        if len(weights) != len(params):
            raise ValueError(
                f"Invalid value for argument `weights`. Layer {self._name} expects "
                f"{len(params)} weights with shapes "
                f"{[tuple(p.shape.as_list()) for p in params]}, but received {len(weights)} "
                "weights."
            )
        values = []
        for param, value in zip(params, weights, strict=True):
            value = np.asarray(value)
            expected = tuple(param.shape.as_list())
            if value.shape != expected:
                raise ValueError(
                    f"Invalid value for argument `weights`. Layer {self._name} weight "
                    f"{param.name} has shape {expected}, but received a value of shape "
                    f"{value.shape}."
                )
            values.append(value.astype(param.dtype.as_numpy_dtype))
        if tf.executing_eagerly():
            for param, value in zip(params, values, strict=True):
                param.assign(value)
        else:
            session = _graph_session("set_weights")
            for param, value in zip(params, values, strict=True):
                param.load(value, session)

    def add_weight(
        self,
        name: str,
        shape: Any,
        dtype: Any = None,
        initializer: Any = None,
        regularizer: Any = None,
        trainable: bool | None = None,
        constraint: Any = None,
        use_resource: bool | None = None,
        synchronization: tf.VariableSynchronization = tf.VariableSynchronization.AUTO,
        aggregation: tf.VariableAggregation = tf.VariableAggregation.NONE,
        partitioner: Any = None,
        **kwargs: Any,
    ) -> tf.Variable:
        """Creates the variable `name` in the layer's variable scope, or reuses it.

        Args:
          name: Variable name (the last part of `<scope>/<name>`).
          shape: Variable shape.
          dtype: Variable dtype; default the layer's (the first input's) or float32.
          initializer: Initializer (object, callable or name); None takes the variable
            scope's initializer, glorot uniform if it has none.
          regularizer: Callable on the variable returning a scalar loss, added to
            `REGULARIZATION_LOSSES` and `layer.losses` when the variable is created.
          trainable: Whether the variable goes to `TRAINABLE_VARIABLES` (default True,
            False for `synchronization=ON_READ`; always False on a non-trainable layer).
          constraint: Projection applied by optimizers, set as `variable.constraint`.
          use_resource, synchronization, aggregation, partitioner: as
            `tf.compat.v1.get_variable`.
          **kwargs: `getter` (a function with `get_variable`'s signature) and
            `experimental_autocast`, accepted for compatibility.

        Returns:
          The variable (a `PartitionedVariable` with a partitioner).
        """
        getter = kwargs.pop("getter", None) or tf.compat.v1.get_variable
        kwargs.pop("experimental_autocast", None)
        if kwargs:
            raise TypeError(
                f"Unknown keyword argument passed to add_weight: {', '.join(sorted(kwargs))}"
            )
        if synchronization == tf.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError(
                    "Synchronization value can be set to VariableSynchronization.ON_READ only "
                    "for non-trainable variables. You have specified trainable=True and "
                    "synchronization=VariableSynchronization.ON_READ."
                )
            trainable = False
        elif trainable is None:
            trainable = True
        trainable = bool(trainable) and self._trainable
        dtype = tf.as_dtype(dtype or self._dtype or tf.float32)
        initializer = _validation.initializer("initializer", initializer)
        regularizer = _validation.regularizer("regularizer", regularizer)
        constraint = _validation.constraint("constraint", constraint)
        with self._layer_scope() as scope:
            if initializer is None:
                # The enclosing variable scope's default reaches the weights, as in TF1.
                initializer = scope.initializer or tf.compat.v1.glorot_uniform_initializer()
            v1_graph = in_v1_graph()
            if v1_graph:
                global_variables = tf.compat.v1.get_collection_ref(_GLOBAL)
                trainable_variables = tf.compat.v1.get_collection_ref(_TRAINABLE)
                known, known_trainable = len(global_variables), len(trainable_variables)
            variable = getter(
                name,
                shape=shape,
                dtype=dtype,
                initializer=initializer,
                trainable=trainable,
                constraint=constraint,
                partitioner=partitioner,
                use_resource=use_resource,
                synchronization=synchronization,
                aggregation=aggregation,
            )
        created = not v1_graph or len(global_variables) > known
        if v1_graph and trainable:
            # A custom getter may have overridden `trainable` (RNN cells' tests rely on it).
            if created:
                trainable = len(trainable_variables) > known_trainable
            else:
                trainable = any(v is variable for v in trainable_variables)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        # get_variable appends to GLOBAL_VARIABLES only when it creates the variable:
        # reusing one adds no second regularization loss, as in the legacy layer. Outside
        # v1 graphs losses are evaluated on demand, so they are recorded every time.
        if regularizer is not None and created:
            self._add_weight_regularizer(name, variable, regularizer)
        return variable

    def add_variable(self, *args: Any, **kwargs: Any) -> tf.Variable:
        """The TF1 name of `add_weight`."""
        return self.add_weight(*args, **kwargs)

    def _add_weight_regularizer(self, name: str, variable: Any, regularizer: Any) -> None:
        parts = list(variable) if isinstance(variable, PartitionedVariable) else []
        if parts and not in_v1_graph():
            raise RuntimeError(
                "Partitioned variable regularization is not yet supported when executing "
                "eagerly. File a feature request if this is important to you."
            )

        def weight_loss() -> tf.Tensor:
            with tf.name_scope(f"{name}/Regularizer"):
                if parts:
                    return tf.add_n([regularizer(part) for part in parts])
                return regularizer(variable)

        # Inside track_tf1_style_variables the shim's store collects regularizers so the
        # decorated module reports them.
        store = _tf_variable_scope._get_default_variable_store()  # noqa: SLF001
        if hasattr(store, "add_regularizer"):
            store.add_regularizer(variable, regularizer)
        if in_v1_graph():
            self._add_graph_losses([weight_loss()], unconditional=True)
        else:
            self._loss_fns.append(weight_loss)

    # ------------------------------------------------------------ losses API

    def _add_graph_losses(self, losses: list[tf.Tensor], *, unconditional: bool) -> None:
        losses = [loss for loss in losses if loss is not None]
        self._graph_losses.extend(losses)
        if unconditional:
            self._unconditional_graph_losses.extend(losses)
        _collections.add_to_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES, losses)

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        """Adds loss tensors or zero-argument callables; in a v1 graph also to
        `REGULARIZATION_LOSSES`, as the legacy layer did."""
        losses = tf.nest.flatten(losses)
        if in_v1_graph():
            tensors = [loss() if callable(loss) else loss for loss in losses]
            self._add_graph_losses(
                [tf.convert_to_tensor(t) for t in tensors if t is not None],
                unconditional=inputs is None,
            )
            return
        for loss in losses:
            if callable(loss):
                self._loss_fns.append(loss)
            elif loss is not None:
                self._call_losses.append(tf.convert_to_tensor(loss))

    @property
    def losses(self) -> list[tf.Tensor]:
        """Regularization and added losses: the weights' first, then those of calls."""
        own = (
            list(self._graph_losses)
            if self._graph_losses
            else [loss for loss in (fn() for fn in self._loss_fns) if loss is not None]
            + list(self._call_losses)
        )
        return own + [loss for layer in self._sublayers() for loss in layer.losses]

    def get_losses_for(self, inputs: Any) -> list[tf.Tensor]:
        """The losses that depend on `inputs`; with None, those that depend on no input."""
        if inputs is None:
            if self._graph_losses:
                return list(self._unconditional_graph_losses)
            return [fn() for fn in self._loss_fns]
        conditional = [
            loss
            for loss in self.losses
            if not any(loss is u for u in self._unconditional_graph_losses)
        ]
        return _reachable_from(tf.nest.flatten(inputs), conditional)

    # ------------------------------------------------------------ updates API

    def add_update(self, updates: Any, inputs: Any = None) -> None:
        """Records update ops (graph) or runs update callables (eager, `tf.function`).

        In a v1 graph the updates reach `layer.updates` and, after the call,
        `UPDATE_OPS`; elsewhere they take effect immediately, as the legacy layer did.
        """
        if tf.distribute.has_strategy() and tf.distribute.in_cross_replica_context():
            return  # the replicas run their own updates
        for update in tf.nest.flatten(updates):
            if callable(update):
                update = update()
            if not in_v1_graph() or update is None:
                continue
            self._updates.append(update if isinstance(update, tf.Operation) else update.op)

    @property
    def updates(self) -> list[Any]:
        """The update ops of a v1 graph (none for a non-trainable, stateless layer)."""
        if not self._trainable and not self.stateful:
            return []
        return self._collect("_updates")

    def get_updates_for(self, inputs: Any) -> list[Any]:
        """The updates that depend on `inputs`; with None, those that depend on no input."""
        if inputs is None:
            return [u for u in self.updates if not _reachable_from_any(u)]
        return _reachable_from(tf.nest.flatten(inputs), self.updates)

    # -------------------------------------------------------- per-call records
    # tf.layers layers never record Keras inbound nodes (those exist only for Keras
    # symbolic inputs), so these raise exactly as the legacy layer's did.

    def _never_connected(self, what: str) -> RuntimeError:
        return RuntimeError(f"The layer has never been called and thus has no defined {what}.")

    def get_input_at(self, node_index: int) -> tf.Tensor:
        raise self._never_connected("input")

    def get_output_at(self, node_index: int) -> tf.Tensor:
        raise self._never_connected("output")

    def get_input_shape_at(self, node_index: int) -> tuple:
        raise self._never_connected("input shape")

    def get_output_shape_at(self, node_index: int) -> tuple:
        raise self._never_connected("output shape")

    @property
    def input(self) -> tf.Tensor:
        raise AttributeError(f"Layer {self._name} is not connected, no input to return.")

    @property
    def output(self) -> tf.Tensor:
        raise AttributeError(f"Layer {self._name} has no inbound nodes.")

    @property
    def input_shape(self) -> tuple:
        raise AttributeError(
            f'The layer "{self._name}" has never been called and thus has no defined input '
            "shape. Note that the `input_shape` property is only available for Functional "
            "and Sequential models."
        )

    @property
    def output_shape(self) -> tuple:
        raise AttributeError(
            "The layer has never been called and thus has no defined output shape."
        )

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
            outputs = self.call(inputs, *args, **kwargs)
            self._record_activity_loss(outputs, v1_graph=v1_graph)
        if v1_graph:
            _collections.add_to_collection(tf.compat.v1.GraphKeys.UPDATE_OPS, self.updates)
        return outputs

    def apply(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """Same as calling the layer (the TF1 spelling)."""
        return self(inputs, *args, **kwargs)

    def _convert_inputs(self, inputs: Any) -> Any:
        if not self._FLOAT_INPUTS:
            return tf.nest.map_structure(_to_tensor_if_array, inputs)
        if tf.is_tensor(inputs) or isinstance(inputs, tf.Variable):
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


def _graph_session(method: str) -> tf.compat.v1.Session:
    session = tf.compat.v1.get_default_session()
    if session is None:
        raise RuntimeError(
            f"`{method}` in graph mode reads variables through a session: call it inside "
            "`with session.as_default():` (or `with tf.compat.v1.Session() as session:`)."
        )
    return session


def _reachable_from_any(target: Any) -> bool:
    """Whether `target` reads any placeholder (an input of the graph)."""
    stack, seen = [target], set()
    while stack:
        item = stack.pop()
        op = item if isinstance(item, tf.Operation) else getattr(item, "op", None)
        if op is None or id(op) in seen:
            continue
        seen.add(id(op))
        if op.type in ("Placeholder", "PlaceholderWithDefault"):
            return True
        stack.extend(op.inputs)
        stack.extend(op.control_inputs)
    return False


def _reachable_from(sources: list[Any], targets: list[Any]) -> list[Any]:
    """The targets whose computation reads any of `sources` (graph tensors)."""
    source_ids = {id(s) for s in sources if hasattr(s, "op")}
    source_ops = {id(s.op) for s in sources if hasattr(s, "op")}
    found = []
    for target in targets:
        stack, seen = [target], set()
        while stack:
            item = stack.pop()
            op = item if isinstance(item, tf.Operation) else getattr(item, "op", None)
            if id(item) in source_ids or id(op) in source_ops:
                found.append(target)
                break
            if op is None or id(op) in seen:
                continue
            seen.add(id(op))
            stack.extend(op.inputs)
            stack.extend(op.control_inputs)
    return found
