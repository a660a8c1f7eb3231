"""The read side of the Keras 2 layer API that every `tf.layers` layer had.

Weights (`weights`, `trainable_weights`, ... in creation order, sublayers included),
`count_params`, `get_weights`/`set_weights`, `losses`/`get_losses_for`,
`updates`/`get_updates_for`, and the per-call records (`input`, `output`, ...) that raise
as the legacy layers' did. `compat_layers.base.Layer` owns the state these read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import tensorflow as tf

__all__ = ["Keras2LayerAPI"]


class Keras2LayerAPI:
    """Mixin of `compat_layers.base.Layer`: the Keras 2 accessors of a layer's state."""

    # ------------------------------------------------------------- weights API

    def _sublayers(self) -> list[Any]:
        """Layers held in attributes (directly or in lists, tuples and dicts), in order."""
        found: dict[int, Any] = {}
        for module in self._flatten(
            recursive=False, predicate=lambda m: isinstance(m, Keras2LayerAPI)
        ):
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

    @property
    def updates(self) -> list[Any]:
        """The update ops of a v1 graph (none for a non-trainable, stateless layer)."""
        if not self._trainable and not self.stateful:
            return []
        return self._collect("_updates")

    def get_updates_for(self, inputs: Any) -> list[Any]:
        """The updates that depend on `inputs`; with None, those that depend on no input."""
        if inputs is None:
            unconditional = {id(u) for u in self._collect("_unconditional_updates")}
            return [u for u in self.updates if id(u) in unconditional]
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


def _graph_session(method: str) -> tf.compat.v1.Session:
    session = tf.compat.v1.get_default_session()
    if session is None:
        raise RuntimeError(
            f"`{method}` in graph mode reads variables through a session: call it inside "
            "`with session.as_default():` (or `with tf.compat.v1.Session() as session:`)."
        )
    return session


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
