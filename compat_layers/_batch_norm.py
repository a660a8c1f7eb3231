"""The computation of `compat_layers.BatchNormalization`: fused and plain paths, renorm, updates.

Functions of the layer (its variables and arguments), kept apart from the class so each module
holds one job. The op sequence follows the legacy layer's, so graphs, update ops and numbers
match it: in a v1 graph the moving-average assignments are returned to `layer.add_update`
(and reach `UPDATE_OPS`); eagerly and in `tf.function` they run on the call.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import tensorflow as tf

from compat_layers import _validation
from compat_layers.base import in_v1_graph

_smart_cond = tf.__internal__.smart_cond.smart_cond


def static_bool(training: Any) -> bool | None:
    """The Python value of `training`, or None when it is only known at run time."""
    if isinstance(training, tf.Variable):
        return None
    if tf.is_tensor(training):
        value = tf.get_static_value(training)
        return None if value is None else bool(value)
    if isinstance(training, (bool, numbers.Integral)) and training in (0, 1):
        return bool(training)
    raise _validation.invalid("training", "a Python boolean or a boolean scalar tensor", training)


def _cond(training: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    if isinstance(training, tf.Variable):
        return tf.cond(training, true_fn, false_fn)
    return _smart_cond(training, true_fn, false_fn)


def _select(training: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    """`_cond` for branches that only pick an already computed value: a `tf.where`, which
    gives the same values and gradients and costs a fraction of a `tf.cond` to build."""
    value = static_bool(training)
    if value is not None:
        return true_fn() if value else false_fn()
    return tf.where(training, true_fn(), false_fn())


def _compose(scale: Any, offset: Any, then_scale: Any, then_offset: Any) -> tuple[Any, Any]:
    """(scale, offset) of applying `x * scale + offset`, then `* then_scale + then_offset`."""
    if then_scale is not None:
        scale, offset = scale * then_scale, offset * then_scale
    if then_offset is not None:
        offset = offset + then_offset
    return scale, offset


def normalized_axes(
    axis: list[int], virtual_batch_size: int | None, input_shape: tf.TensorShape
) -> list[int]:
    """Non-negative axes of `input_shape`; ValueError (before any variable) if they cannot be."""
    rank = input_shape.rank
    if rank is None:
        raise ValueError(
            "Invalid value for argument `inputs`. Batch normalization needs inputs of "
            f"known rank. Received: inputs with shape {input_shape}"
        )
    axes = [a + rank if a < 0 else a for a in axis]
    if any(not 0 <= a < rank for a in axes) or len(set(axes)) != len(axes):
        raise _validation.invalid(
            "axis",
            f"distinct axes in [-{rank}, {rank}) for inputs of rank {rank} "
            "(0 <= axis < inputs.rank)",
            axis,
        )
    undefined = [a for a in axes if input_shape.dims[a].value is None]
    if undefined:
        raise ValueError(
            f"Invalid value for argument `axis`. Expected axes whose dimension is defined "
            f"(Input has undefined `axis` dimension). Received: axis={axis!r} for "
            f"inputs with shape {input_shape}"
        )
    if virtual_batch_size is not None and 0 in axes:
        raise _validation.invalid(
            "virtual_batch_size",
            "None when `axis` includes the batch dimension 0 (when using "
            "`virtual_batch_size`, axis cannot include 0)",
            virtual_batch_size,
        )
    return axes


def _run_updates(layer: Any, *updates: Callable[[], Any]) -> None:
    if in_v1_graph():
        layer.add_update(list(updates))
    elif layer._trainable:  # eagerly a frozen layer leaves its statistics alone
        for update in updates:
            update()


def _batch_size(layer: Any, inputs: tf.Tensor) -> tf.Tensor | None:
    # Under strategies that hand replicas partial (possibly empty) batches, an empty
    # batch must not move the statistics.
    if not tf.distribute.has_strategy():
        return None
    extended = tf.distribute.get_strategy().extended
    partial = getattr(
        extended,
        "enable_partial_batch_handling",
        getattr(extended, "experimental_enable_get_next_as_optional", False),
    )
    return tf.shape(inputs)[0] if partial else None


def _assign_moving_average(
    layer: Any,
    variable: tf.Variable,
    value: Any,
    momentum: Any,
    batch_size: Any,
    training: Any = True,
) -> Any:
    """`variable -= (variable - value) * (1 - momentum)`; a zero step where `training` is a
    tensor that is False at run time (the legacy layer branched with `tf.cond` instead: the
    same effect, at several times the graph-building cost)."""
    with tf.name_scope("AssignMovingAvg") as scope:

        def delta() -> tf.Tensor:
            decay = tf.convert_to_tensor(1.0 - momentum, name="decay")
            if decay.dtype != variable.dtype.base_dtype:
                decay = tf.cast(decay, variable.dtype.base_dtype)
            result = (variable - tf.cast(value, variable.dtype)) * decay
            if batch_size is not None:
                result = tf.where(batch_size > 0, result, tf.zeros_like(result))
            if static_bool(training) is None:
                result = tf.where(training, result, tf.zeros_like(result))
            return result

        # The legacy layer also wrapped v1-graph assignments in `colocate_with(variable)`; the
        # placer colocates resource-variable ops with their variable anyway.
        if not in_v1_graph():
            return variable.assign_sub(delta(), name=scope)
        return tf.compat.v1.assign_sub(variable, delta(), name=scope)


def _assign_new_value(layer: Any, variable: tf.Variable, value: Any) -> Any:
    with tf.name_scope("AssignNewValue") as scope:
        if not in_v1_graph():
            return variable.assign(value, name=scope)
        return tf.compat.v1.assign(variable, value, name=scope)


def fused_batch_norm(layer: Any, inputs: tf.Tensor, training: Any, training_value: Any) -> Any:
    def constant(value: float) -> tf.Tensor:
        return tf.constant(value, dtype=layer._param_dtype, shape=layer._param_shape)

    beta = layer.beta if layer.center else constant(0.0)
    gamma = layer.gamma if layer.scale else constant(1.0)
    batch_size = _batch_size(layer, inputs)
    # Eagerly the kernel keeps the running averages itself (legacy did the same).
    kernel_averages = not in_v1_graph() and is_real(layer.momentum)
    factor = 1.0 - layer.momentum if kernel_averages else 1.0

    moving_mean, moving_variance = layer.moving_mean, layer.moving_variance
    if training_value is None and not isinstance(training, tf.Variable):
        # Read once outside the branches: they then capture tensors, not variables, which
        # makes the `tf.cond` several times cheaper to build (the values are the same).
        gamma, beta, moving_mean, moving_variance = (
            tf.convert_to_tensor(v) for v in (gamma, beta, moving_mean, moving_variance)
        )

    def norm(is_training: bool) -> Callable[[], Any]:
        return lambda: tf.compat.v1.nn.fused_batch_norm(
            inputs,
            gamma,
            beta,
            mean=moving_mean,
            variance=moving_variance,
            epsilon=layer.epsilon,
            is_training=is_training,
            data_format=layer._data_format,
            **({"exponential_avg_factor": factor} if is_training else {}),
        )

    output, mean, variance = _cond(training, norm(True), norm(False))
    if training_value is False:
        return output
    if not kernel_averages:
        if training_value is None:
            momentum = _select(training, lambda: layer.momentum, lambda: 1.0)
        else:
            momentum = tf.convert_to_tensor(layer.momentum)

    def update(variable: tf.Variable, value: tf.Tensor) -> Callable[[], Any]:
        if not kernel_averages:
            return lambda: _assign_moving_average(layer, variable, value, momentum, batch_size)
        if batch_size is not None:
            value = _cond(batch_size > 0, lambda: value, lambda: variable)
        return lambda: _assign_new_value(layer, variable, value)

    _run_updates(layer, update(layer.moving_mean, mean), update(layer.moving_variance, variance))
    return output


def _moments(layer: Any, inputs: tf.Tensor, axes: list[int], keep_dims: bool, mask: Any) -> Any:
    if mask is None:
        mean, variance = tf.nn.moments(inputs, axes, keepdims=keep_dims)
    else:
        weights = tf.expand_dims(tf.cast(mask, inputs.dtype, name="mask_weights"), -1)
        mean, variance = tf.nn.weighted_moments(
            inputs, axes=axes, frequency_weights=weights, keepdims=keep_dims
        )
    batch_size = _batch_size(layer, inputs)
    if batch_size is not None:
        mean = tf.where(batch_size > 0, mean, tf.zeros_like(mean))
        variance = tf.where(batch_size > 0, variance, tf.zeros_like(variance))
    return mean, variance


def batch_norm(layer: Any, inputs: tf.Tensor, training: Any, training_value: Any, mask: Any) -> Any:
    inputs_dtype = inputs.dtype.base_dtype
    if inputs_dtype in (tf.float16, tf.bfloat16):
        inputs = tf.cast(inputs, tf.float32)
    input_shape = inputs.shape
    ndims = len(input_shape)
    reduction_axes = [i for i in range(ndims) if i not in layer.axis]
    if layer.virtual_batch_size is not None:
        del reduction_axes[1]  # each ghost batch has its own statistics
    broadcast_shape = [1] * ndims
    broadcast_shape[layer.axis[0]] = input_shape.dims[layer.axis[0]].value

    def broadcast(v: Any) -> Any:
        if v is not None and len(v.shape) != ndims and reduction_axes != list(range(ndims - 1)):
            return tf.reshape(v, broadcast_shape)
        return v

    scale, offset = broadcast(layer.gamma), broadcast(layer.beta)
    if training_value is False:
        mean, variance = layer.moving_mean, layer.moving_variance
    else:
        if layer.adjustment:
            adj_scale, adj_bias = layer.adjustment(tf.shape(inputs))
            adj_scale = _select(training, lambda: adj_scale, lambda: tf.ones_like(adj_scale))
            adj_bias = _select(training, lambda: adj_bias, lambda: tf.zeros_like(adj_bias))
            scale, offset = _compose(adj_scale, adj_bias, scale, offset)
        keep_dims = layer.virtual_batch_size is not None or len(layer.axis) > 1
        mean, variance = _moments(
            layer, tf.cast(inputs, layer._param_dtype), reduction_axes, keep_dims, mask
        )
        moving_mean, moving_variance = layer.moving_mean, layer.moving_variance
        mean = _select(training, lambda: mean, lambda: tf.convert_to_tensor(moving_mean))
        variance = _select(
            training, lambda: variance, lambda: tf.convert_to_tensor(moving_variance)
        )
        if layer.virtual_batch_size is not None:
            new_mean = tf.reduce_mean(mean, axis=1, keepdims=True)
            new_variance = tf.reduce_mean(variance, axis=1, keepdims=True)
        else:
            new_mean, new_variance = mean, variance
        batch_size = _batch_size(layer, inputs)
        if layer.renorm:
            r, d, new_mean, new_variance = _renorm_correction(
                layer, new_mean, new_variance, training, batch_size
            )
            r = broadcast(tf.stop_gradient(r, name="renorm_r"))
            d = broadcast(tf.stop_gradient(d, name="renorm_d"))
            scale, offset = _compose(r, d, scale, offset)

        def mean_update() -> Any:
            return _assign_moving_average(
                layer, layer.moving_mean, new_mean, layer.momentum, batch_size, training
            )

        def variance_update() -> Any:
            if not layer.renorm:
                return _assign_moving_average(
                    layer, layer.moving_variance, new_variance, layer.momentum, batch_size, training
                )
            stddev = _assign_moving_average(
                layer,
                layer.moving_stddev,
                tf.sqrt(new_variance + layer.epsilon),
                layer.momentum,
                batch_size,
                training,
            )
            variance = layer.moving_variance
            value = _select(
                training,
                lambda: tf.nn.relu(stddev * stddev - layer.epsilon),
                lambda: tf.convert_to_tensor(variance),
            )
            return _assign_new_value(layer, variance, value)

        _run_updates(layer, mean_update, variance_update)
    mean = tf.cast(mean, inputs.dtype)
    variance = tf.cast(variance, inputs.dtype)
    offset = None if offset is None else tf.cast(offset, inputs.dtype)
    scale = None if scale is None else tf.cast(scale, inputs.dtype)
    outputs = tf.nn.batch_normalization(
        inputs, broadcast(mean), broadcast(variance), offset, scale, layer.epsilon
    )
    if inputs_dtype in (tf.float16, tf.bfloat16):
        outputs = tf.cast(outputs, inputs_dtype)
    outputs.set_shape(input_shape)
    return outputs


def _renorm_correction(layer: Any, mean: Any, variance: Any, training: Any, batch_size: Any) -> Any:
    """The renorm correction (r, d) and the statistics to average, updating renorm's own."""
    stddev = tf.sqrt(variance + layer.epsilon)
    renorm_mean = layer.renorm_mean
    renorm_stddev = tf.maximum(layer.renorm_stddev, tf.sqrt(layer.epsilon))
    r = stddev / renorm_stddev
    d = (mean - renorm_mean) / renorm_stddev
    with tf.control_dependencies([r, d]):
        mean = tf.identity(mean)
        stddev = tf.identity(stddev)
    clipping = layer.renorm_clipping
    rmin, rmax, dmax = (clipping.get(key) for key in ("rmin", "rmax", "dmax"))
    if rmin is not None:
        r = tf.maximum(r, rmin)
    if rmax is not None:
        r = tf.minimum(r, rmax)
    if dmax is not None:
        d = tf.minimum(tf.maximum(d, -dmax), dmax)
    r = _select(training, lambda: r, lambda: tf.ones_like(r))
    d = _select(training, lambda: d, lambda: tf.zeros_like(d))

    def update(variable: tf.Variable, value: tf.Tensor) -> Any:
        return _assign_moving_average(
            layer, variable, tf.identity(value), layer.renorm_momentum, batch_size, training
        )

    updated = [update(layer.renorm_mean, mean), update(layer.renorm_stddev, stddev)]
    with tf.control_dependencies(updated):
        return r, d, tf.identity(mean), tf.identity(variance)


def is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
