"""`track_tf1_style_variables` for tf.Modules and Keras 3 layers.

tf-keras's shim (`variable_scope_shim.track_tf1_style_variables`) captures the
variables that `tf.compat.v1.get_variable` creates inside a decorated method, so a
TF1 forward pass keeps its variables across calls. It only accepts `tf.Module`
and tf-keras layers; a Keras 3 `Layer` is neither. This decorator uses the shim
for modules and, for Keras 3 layers, runs the method under the shim's variable
store and then registers each new variable with the layer (sharing its storage),
so `trainable_variables`, optimizers, saving and `layer.losses` see them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import tensorflow as tf
from tf_keras.src.legacy_tf_layers import variable_scope_shim as _shim

__all__ = ["track_tf1_style_variables"]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def track_tf1_style_variables(method: _Method) -> _Method:
    """Decorates a method of a `tf.Module` or Keras layer that builds TF1-style variables.

    Inside the method, `tf.compat.v1.get_variable`, `compat_layers.separable_conv1d`
    and other `variable_scope`-based code create their variables on the first call
    and reuse them on later calls; they are tracked by the object (its
    `trainable_variables`, checkpoints, SavedModel), and their regularization losses
    appear in a Keras layer's `losses`.

    Args:
      method: a method whose first argument is a `tf.Module`, a Keras 3 layer or a
        tf-keras layer.

    Returns:
      The decorated method.

    Example:

    >>> import tensorflow as tf
    >>> import compat_layers
    >>> class Encoder(tf.Module):
    ...     @compat_layers.track_tf1_style_variables
    ...     def __call__(self, x):
    ...         with tf.compat.v1.variable_scope("enc"):
    ...             return compat_layers.separable_conv1d(x, 4, 3, name="c1")
    >>> encoder = Encoder()
    >>> _ = encoder(tf.ones([1, 8, 2])); _ = encoder(tf.ones([1, 8, 2]))
    >>> sorted(v.name for v in encoder.trainable_variables)
    ['enc/c1/bias:0', 'enc/c1/depthwise_kernel:0', 'enc/c1/pointwise_kernel:0']
    """
    shimmed = _shim.track_tf1_style_variables(method)

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self, tf.Module) or not _is_keras3_layer(self):
            return shimmed(self, *args, **kwargs)
        return _call_tracked_by_keras3_layer(self, method, args, kwargs)

    return wrapper  # type: ignore[return-value]


def _is_keras3_layer(obj: Any) -> bool:
    import keras

    return isinstance(obj, keras.layers.Layer)


def _call_tracked_by_keras3_layer(
    layer: Any, method: Callable[..., Any], args: tuple, kwargs: dict
) -> Any:
    import keras

    store = layer.__dict__.get("_tf1_style_var_store")
    if store is None:
        store = _shim._EagerVariableStore()  # noqa: SLF001 - the shim's own store
        # Plain attribute: Keras 3's tracker has no use for a tf.Module.
        object.__setattr__(layer, "_tf1_style_var_store", store)
        object.__setattr__(layer, "_tf1_style_keras_vars", {})
    wrapped: dict[str, Any] = layer._tf1_style_keras_vars
    with store.scope():
        outputs = method(layer, *args, **kwargs)
    new = [(name, var) for name, var in store._vars.items() if name not in wrapped]
    if new:
        # Keras 3 locks a layer's state after build; these variables belong to it all the
        # same, so the tracker is opened just long enough to register them.
        tracker = layer._tracker
        was_locked = tracker.locked
        tracker.unlock()
        try:
            for name, var in new:
                keras_var = keras.Variable(
                    var,
                    name=name.replace("/", "_"),
                    trainable=var.trainable,
                    dtype=var.dtype.name,
                )
                regularizer = store._regularizers.get(var.name)
                if regularizer is not None:
                    keras_var.regularizer = lambda _value, loss=regularizer: loss()
                layer._track_variable(keras_var)
                wrapped[name] = keras_var
        finally:
            if was_locked:
                tracker.lock()
    return outputs
