"""How a TF1 layer records what it creates: variables, losses and updates.

`add_weight` goes through `tf.compat.v1.get_variable` inside the layer's variable scope,
so names, `reuse`, the GLOBAL and TRAINABLE collections, scope initializers and
partitioners behave as in TensorFlow 1; regularization losses and update ops reach
`REGULARIZATION_LOSSES` and `UPDATE_OPS` in v1 graphs, as the legacy base put them there.
`compat_layers.base.Layer` mixes this in.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from tensorflow.python.ops import variable_scope as _tf_variable_scope
from tensorflow.python.ops.variables import PartitionedVariable

from compat_layers import _collections, _validation
from compat_layers._layer_api import _reachable_from

__all__ = ["TF1StateMixin", "in_v1_graph"]

_GLOBAL = tf.compat.v1.GraphKeys.GLOBAL_VARIABLES
_TRAINABLE = tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES


def in_v1_graph() -> bool:
    """True while building a TF1-style graph (not eagerly, not inside a `tf.function`)."""
    return not tf.compat.v1.executing_eagerly_outside_functions()


class TF1StateMixin:
    """Mixin of `compat_layers.base.Layer`: weights, losses and updates with TF1 semantics."""

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
            op = update if isinstance(update, tf.Operation) else update.op
            self._updates.append(op)
            # As in the legacy layer: an update that does not read the inputs of the call
            # making it (or one made outside a call) is unconditional.
            if not _reachable_from(tf.nest.flatten(self._call_inputs), [op]):
                self._unconditional_updates.append(op)
