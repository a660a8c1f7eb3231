"""`tf.compat.v1.layers.BatchNormalization` and `batch_normalization` with TF1's training semantics.

In a v1 graph the moving statistics change only through the update ops the layer puts in
`UPDATE_OPS` (conditional on `training` when it is a tensor); eagerly and inside `tf.function`
they change on the call with `training=True`. Fused kernels are chosen as the legacy layer
chose them, and the moving variance follows the same (fused: unbiased) batch variance.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import tensorflow as tf

from compat_layers import _config, _validation
from compat_layers._functional import functional_form
from compat_layers.base import Layer, in_v1_graph
from compat_layers.input_spec import InputSpec

__all__ = ["BatchNormalization", "batch_normalization"]

_smart_cond = tf.__internal__.smart_cond.smart_cond
_CLIPPING_KEYS = ("rmax", "rmin", "dmax")
# (normalized axis, rank) -> data format of the fused kernel; other layouts are not fused.
_FUSED_FORMATS = {(1, 4): "NCHW", (3, 4): "NHWC", (1, 5): "NCDHW", (4, 5): "NDHWC"}
_FUSABLE_DTYPES = (tf.float16, tf.bfloat16, tf.float32)


def _static_bool(training: Any) -> bool | None:
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


def _compose(scale: Any, offset: Any, then_scale: Any, then_offset: Any) -> tuple[Any, Any]:
    """(scale, offset) of applying `x * scale + offset`, then `* then_scale + then_offset`."""
    if then_scale is not None:
        scale, offset = scale * then_scale, offset * then_scale
    if then_offset is not None:
        offset = offset + then_offset
    return scale, offset


def _axis_list(value: Any) -> list[int]:
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items or any(
        isinstance(a, bool) or not isinstance(a, numbers.Integral) for a in items
    ):
        raise _validation.invalid("axis", "an integer or a list of integers", value)
    return [int(a) for a in items]


class BatchNormalization(Layer):
    """Batch normalization (Ioffe et al., 2015) with the TF1 `tf.layers` semantics.

    Args:
      axis: Integer or list of integers, the axis or axes normalized (the features);
        `1` after a `channels_first` convolution.
      momentum: Momentum of the moving averages.
      epsilon: Small float added to the variance.
      center: Whether to add the offset `beta`.
      scale: Whether to multiply by `gamma`.
      beta_initializer, gamma_initializer, moving_mean_initializer,
        moving_variance_initializer: Initializers of the four variables.
      beta_regularizer, gamma_regularizer: Optional regularizers.
      beta_constraint, gamma_constraint: Optional projections applied by optimizers.
      renorm: Whether to use batch renormalization (Ioffe, 2017); adds `moving_stddev`,
        `renorm_mean` and `renorm_stddev`.
      renorm_clipping: Dict with optional keys `rmax`, `rmin`, `dmax` clipping the
        renormalization correction.
      renorm_momentum: Momentum of the renormalization statistics.
      fused: None or True: the fused kernel where the legacy layer used it (4D/5D inputs,
        one channel axis first or last, no renorm, virtual batch or adjustment); False: never.
      trainable: Whether `gamma`/`beta` are trainable; a non-trainable layer puts no
        update in `UPDATE_OPS` (it still normalizes with batch statistics when training).
      virtual_batch_size: Size of the "ghost batches" normalized separately (with a Python
        `training=True`; with a tensor `training` the whole batch, as the legacy layer did).
      adjustment: Function of the input's dynamic shape returning `(scale, bias)` applied
        to the normalized values in training.
      name: Layer name (its variable scope).
      **kwargs: Arguments of `compat_layers.Layer` (`dtype`, `_scope`, `_reuse`, ...).

    Input shape:
      Any tensor whose `axis` dimensions are defined.

    Output shape:
      Same as the input.

    Example:

    >>> import numpy as np, tensorflow as tf
    >>> import compat_layers
    >>> with tf.Graph().as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32, [None, 2])
    ...     training = tf.compat.v1.placeholder(tf.bool, [])
    ...     y = compat_layers.BatchNormalization(momentum=0.5)(x, training=training)
    ...     updates = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS)
    ...     with tf.compat.v1.Session() as sess:
    ...         sess.run(tf.compat.v1.global_variables_initializer())
    ...         _ = sess.run([y, updates], {x: [[1.0, 2.0], [3.0, 6.0]], training: True})
    ...         print(sess.run(tf.compat.v1.global_variables()[2]))
    [1. 2.]
    """

    _FLOAT_INPUTS = True

    def __init__(
        self,
        axis: int | Sequence[int] = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = tf.compat.v1.zeros_initializer(),
        gamma_initializer: Any = tf.compat.v1.ones_initializer(),
        moving_mean_initializer: Any = tf.compat.v1.zeros_initializer(),
        moving_variance_initializer: Any = tf.compat.v1.ones_initializer(),
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        renorm: bool = False,
        renorm_clipping: dict[str, Any] | None = None,
        renorm_momentum: float = 0.99,
        fused: bool | None = None,
        trainable: bool = True,
        virtual_batch_size: int | None = None,
        adjustment: Callable[[tf.Tensor], tuple[Any, Any]] | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._axis_argument = _axis_list(axis)
        for argument, value in (("momentum", momentum), ("renorm_momentum", renorm_momentum)):
            if not (tf.is_tensor(value) or _is_real(value)):
                raise _validation.invalid(argument, "a float", value)
        if not _is_real(epsilon) or epsilon < 0:
            raise _validation.invalid("epsilon", "a non-negative float", epsilon)
        if fused is not None:
            fused = _validation.boolean("fused", fused)
        if virtual_batch_size is not None:
            virtual_batch_size = _validation.positive_int("virtual_batch_size", virtual_batch_size)
            if adjustment is not None:
                raise _validation.invalid(
                    "virtual_batch_size",
                    "None when `adjustment` is given (when using `virtual_batch_size`, "
                    "adjustment cannot be specified)",
                    virtual_batch_size,
                )
        if adjustment is not None and not callable(adjustment):
            raise _validation.invalid("adjustment", "None or a callable", adjustment)
        self.renorm = _validation.boolean("renorm", renorm)
        if self.renorm:
            renorm_clipping = {} if renorm_clipping is None else renorm_clipping
            if not isinstance(renorm_clipping, dict) or set(renorm_clipping) - set(
                _CLIPPING_KEYS
            ):
                raise _validation.invalid(
                    "renorm_clipping", f"a dict with keys among {list(_CLIPPING_KEYS)}",
                    renorm_clipping,
                )
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis: Any = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = _validation.boolean("center", center)
        self.scale = _validation.boolean("scale", scale)
        initializers = {}
        for argument, value in (
            ("beta_initializer", beta_initializer),
            ("gamma_initializer", gamma_initializer),
            ("moving_mean_initializer", moving_mean_initializer),
            ("moving_variance_initializer", moving_variance_initializer),
        ):
            initializers[argument] = _validation.initializer(argument, value)
        self.beta_initializer = initializers["beta_initializer"]
        self.gamma_initializer = initializers["gamma_initializer"]
        self.moving_mean_initializer = initializers["moving_mean_initializer"]
        self.moving_variance_initializer = initializers["moving_variance_initializer"]
        self.beta_regularizer = _validation.regularizer("beta_regularizer", beta_regularizer)
        self.gamma_regularizer = _validation.regularizer("gamma_regularizer", gamma_regularizer)
        self.beta_constraint = _validation.constraint("beta_constraint", beta_constraint)
        self.gamma_constraint = _validation.constraint("gamma_constraint", gamma_constraint)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.virtual_batch_size = virtual_batch_size
        self.adjustment = adjustment
        # Like the legacy v1 layer: None means "fused where possible", decided in build.
        self.fused = True if fused is None else fused
        self._data_format: str | None = None
        self.supports_masking = True

    # ------------------------------------------------------------------ build

    @property
    def _param_dtype(self) -> tf.DType:
        if self._dtype in (tf.float16, tf.bfloat16):
            return tf.float32  # float16 inputs get float32 parameters, as in the legacy layer
        return self._dtype or tf.float32

    def _normalized_axes(self, input_shape: tf.TensorShape) -> list[int]:
        rank = input_shape.rank
        if rank is None:
            raise ValueError(
                "Invalid value for argument `inputs`. Batch normalization needs inputs of "
                f"known rank. Received: inputs with shape {input_shape}"
            )
        axes = [a + rank if a < 0 else a for a in self._axis_argument]
        if any(not 0 <= a < rank for a in axes) or len(set(axes)) != len(axes):
            raise _validation.invalid(
                "axis",
                f"distinct axes in [-{rank}, {rank}) for inputs of rank {rank} "
                "(0 <= axis < inputs.rank)",
                self.axis,
            )
        undefined = [a for a in axes if input_shape.dims[a].value is None]
        if undefined:
            raise ValueError(
                f"Invalid value for argument `axis`. Expected axes whose dimension is defined "
                f"(Input has undefined `axis` dimension). Received: axis={self.axis!r} for "
                f"inputs with shape {input_shape}"
            )
        if self.virtual_batch_size is not None and 0 in axes:
            raise _validation.invalid(
                "virtual_batch_size",
                "None when `axis` includes the batch dimension 0 (when using "
                "`virtual_batch_size`, axis cannot include 0)",
                self.virtual_batch_size,
            )
        return axes

    def _fusable(self, axes: list[int], rank: int) -> bool:
        return (
            not self.renorm
            and len(axes) == 1
            and self.virtual_batch_size is None
            and self.adjustment is None
            and (self._dtype or tf.float32) in _FUSABLE_DTYPES
            and (axes[0], rank) in _FUSED_FORMATS
        )

    def build(self, input_shape: Any) -> None:
        input_shape = tf.TensorShape(input_shape)
        axes = self._normalized_axes(input_shape)
        rank = input_shape.rank
        if self.fused:
            self.fused = self._fusable(axes, rank)
        if self.fused:
            self._data_format = _FUSED_FORMATS[(axes[0], rank)]
        dims = {a: input_shape.dims[a].value for a in axes}
        self.input_spec = InputSpec(ndim=rank, axes=dims)
        if len(axes) == 1 and self.virtual_batch_size is None:
            param_shape = [dims[axes[0]]]
        else:
            param_shape = [dims.get(i, 1) for i in range(rank)]
            if self.virtual_batch_size is not None:
                param_shape.insert(1, 1)  # the ghost-batch dimension
                axes = [a + 1 for a in axes]
        self.axis = axes
        self._param_shape = param_shape

        def weight(name: str, initializer: Any, **kwargs: Any) -> tf.Variable:
            return self.add_weight(
                name=name, shape=param_shape, dtype=self._param_dtype,
                initializer=initializer, **kwargs,
            )

        statistics = dict(
            trainable=False,
            synchronization=tf.VariableSynchronization.ON_READ,
            aggregation=tf.VariableAggregation.MEAN,
        )
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = weight(
                "gamma", self.gamma_initializer, regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, trainable=True,
            )
        if self.center:
            self.beta = weight(
                "beta", self.beta_initializer, regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, trainable=True,
            )
        scope = tf.compat.v1.get_variable_scope()
        partitioner = scope.partitioner
        scope.set_partitioner(None)  # the statistics are never partitioned (legacy did so too)
        try:
            self.moving_mean = weight("moving_mean", self.moving_mean_initializer, **statistics)
            self.moving_variance = weight(
                "moving_variance", self.moving_variance_initializer, **statistics
            )
            if self.renorm:
                variance_init = self.moving_variance_initializer

                def stddev_init(*args: Any, **kwargs: Any) -> tf.Tensor:
                    return tf.sqrt(variance_init(*args, **kwargs))

                self.moving_stddev = weight("moving_stddev", stddev_init, **statistics)
                self.renorm_mean = weight("renorm_mean", self.moving_mean_initializer, **statistics)
                self.renorm_stddev = weight("renorm_stddev", stddev_init, **statistics)
        finally:
            scope.set_partitioner(partitioner)
        self.built = True

    # ------------------------------------------------------------------ call

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if self.virtual_batch_size is not None:
            training = kwargs.get("training", args[0] if args else False)
            batch = tf.TensorShape(getattr(inputs, "shape", None)).as_list()
            # Ghost batches reshape the batch only for a Python-known `training=True`;
            # refuse a batch they cannot split before any variable exists.
            if (
                batch
                and batch[0] is not None
                and batch[0] % self.virtual_batch_size
                and _static_bool(training)
            ):
                raise _validation.invalid(
                    "virtual_batch_size",
                    f"a divisor of the batch size {batch[0]}",
                    self.virtual_batch_size,
                )
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs: tf.Tensor, training: Any = False, mask: Any = None) -> tf.Tensor:
        if training is None:
            training = False  # there is no Keras 2 learning phase to read it from
        training_value = _static_bool(training)
        inputs = tf.cast(inputs, self._dtype or inputs.dtype)
        original_shape = None
        if self.virtual_batch_size is not None:
            original_shape = tf.concat([tf.constant([-1]), tf.shape(inputs)[1:]], axis=0)
            # The legacy layer (TF2 behaviour) splits the batch only for a known True.
            ghost = [self.virtual_batch_size, -1] if training_value else [-1, 1]
            inputs = tf.reshape(inputs, tf.concat([tf.constant(ghost), original_shape[1:]], 0))
        if self.fused:
            outputs = self._fused_batch_norm(inputs, training, training_value)
        else:
            outputs = self._batch_norm(inputs, training, training_value, mask)
        if original_shape is not None:
            outputs = tf.reshape(outputs, original_shape)
        return outputs

    def _run_updates(self, *updates: Callable[[], Any]) -> None:
        if in_v1_graph():
            self.add_update(list(updates))
        elif self._trainable:  # eagerly a frozen layer leaves its statistics alone
            for update in updates:
                update()

    def _batch_size(self, inputs: tf.Tensor) -> tf.Tensor | None:
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
        self, variable: tf.Variable, value: Any, momentum: Any, batch_size: Any
    ) -> Any:
        with tf.name_scope("AssignMovingAvg") as scope:

            def delta() -> tf.Tensor:
                decay = tf.convert_to_tensor(1.0 - momentum, name="decay")
                if decay.dtype != variable.dtype.base_dtype:
                    decay = tf.cast(decay, variable.dtype.base_dtype)
                result = (variable - tf.cast(value, variable.dtype)) * decay
                if batch_size is not None:
                    result = tf.where(batch_size > 0, result, tf.zeros_like(result))
                return result

            if not in_v1_graph():
                return variable.assign_sub(delta(), name=scope)
            with tf.compat.v1.colocate_with(variable):
                return tf.compat.v1.assign_sub(variable, delta(), name=scope)

    def _assign_new_value(self, variable: tf.Variable, value: Any) -> Any:
        with tf.name_scope("AssignNewValue") as scope:
            if not in_v1_graph():
                return variable.assign(value, name=scope)
            with tf.compat.v1.colocate_with(variable):
                return tf.compat.v1.assign(variable, value, name=scope)

    def _fused_batch_norm(self, inputs: tf.Tensor, training: Any, training_value: Any) -> Any:
        def constant(value: float) -> tf.Tensor:
            return tf.constant(value, dtype=self._param_dtype, shape=self._param_shape)

        beta = self.beta if self.center else constant(0.0)
        gamma = self.gamma if self.scale else constant(1.0)
        batch_size = self._batch_size(inputs)
        # Eagerly the kernel keeps the running averages itself (legacy did the same).
        kernel_averages = not in_v1_graph() and _is_real(self.momentum)
        factor = 1.0 - self.momentum if kernel_averages else 1.0

        def norm(is_training: bool) -> Callable[[], Any]:
            return lambda: tf.compat.v1.nn.fused_batch_norm(
                inputs, gamma, beta, mean=self.moving_mean, variance=self.moving_variance,
                epsilon=self.epsilon, is_training=is_training, data_format=self._data_format,
                **({"exponential_avg_factor": factor} if is_training else {}),
            )

        output, mean, variance = _cond(training, norm(True), norm(False))
        if training_value is False:
            return output
        if not kernel_averages:
            if training_value is None:
                momentum = _cond(training, lambda: self.momentum, lambda: 1.0)
            else:
                momentum = tf.convert_to_tensor(self.momentum)

        def update(variable: tf.Variable, value: tf.Tensor) -> Callable[[], Any]:
            if not kernel_averages:
                return lambda: self._assign_moving_average(variable, value, momentum, batch_size)
            if batch_size is not None:
                value = _cond(batch_size > 0, lambda: value, lambda: variable)
            return lambda: self._assign_new_value(variable, value)

        self._run_updates(update(self.moving_mean, mean), update(self.moving_variance, variance))
        return output

    def _moments(self, inputs: tf.Tensor, axes: list[int], keep_dims: bool, mask: Any) -> Any:
        if mask is None:
            mean, variance = tf.nn.moments(inputs, axes, keepdims=keep_dims)
        else:
            weights = tf.expand_dims(tf.cast(mask, inputs.dtype, name="mask_weights"), -1)
            mean, variance = tf.nn.weighted_moments(
                inputs, axes=axes, frequency_weights=weights, keepdims=keep_dims
            )
        batch_size = self._batch_size(inputs)
        if batch_size is not None:
            mean = tf.where(batch_size > 0, mean, tf.zeros_like(mean))
            variance = tf.where(batch_size > 0, variance, tf.zeros_like(variance))
        return mean, variance

    def _batch_norm(self, inputs: tf.Tensor, training: Any, training_value: Any, mask: Any) -> Any:
        inputs_dtype = inputs.dtype.base_dtype
        if inputs_dtype in (tf.float16, tf.bfloat16):
            inputs = tf.cast(inputs, tf.float32)
        input_shape = inputs.shape
        ndims = len(input_shape)
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        if self.virtual_batch_size is not None:
            del reduction_axes[1]  # each ghost batch has its own statistics
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = input_shape.dims[self.axis[0]].value

        def broadcast(v: Any) -> Any:
            if v is not None and len(v.shape) != ndims and reduction_axes != list(range(ndims - 1)):
                return tf.reshape(v, broadcast_shape)
            return v

        scale, offset = broadcast(self.gamma), broadcast(self.beta)
        if training_value is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            if self.adjustment:
                adj_scale, adj_bias = self.adjustment(tf.shape(inputs))
                adj_scale = _cond(training, lambda: adj_scale, lambda: tf.ones_like(adj_scale))
                adj_bias = _cond(training, lambda: adj_bias, lambda: tf.zeros_like(adj_bias))
                scale, offset = _compose(adj_scale, adj_bias, scale, offset)
            keep_dims = self.virtual_batch_size is not None or len(self.axis) > 1
            mean, variance = self._moments(
                tf.cast(inputs, self._param_dtype), reduction_axes, keep_dims, mask
            )
            moving_mean, moving_variance = self.moving_mean, self.moving_variance
            mean = _cond(training, lambda: mean, lambda: tf.convert_to_tensor(moving_mean))
            variance = _cond(
                training, lambda: variance, lambda: tf.convert_to_tensor(moving_variance)
            )
            if self.virtual_batch_size is not None:
                new_mean = tf.reduce_mean(mean, axis=1, keepdims=True)
                new_variance = tf.reduce_mean(variance, axis=1, keepdims=True)
            else:
                new_mean, new_variance = mean, variance
            batch_size = self._batch_size(inputs)
            if self.renorm:
                r, d, new_mean, new_variance = self._renorm_correction(
                    new_mean, new_variance, training, batch_size
                )
                r = broadcast(tf.stop_gradient(r, name="renorm_r"))
                d = broadcast(tf.stop_gradient(d, name="renorm_d"))
                scale, offset = _compose(r, d, scale, offset)

            def mean_update() -> Any:
                return _cond(
                    training,
                    lambda: self._assign_moving_average(
                        self.moving_mean, new_mean, self.momentum, batch_size
                    ),
                    lambda: self.moving_mean,
                )

            def variance_update() -> Any:
                def renorm_update() -> Any:
                    stddev = self._assign_moving_average(
                        self.moving_stddev, tf.sqrt(new_variance + self.epsilon),
                        self.momentum, batch_size,
                    )
                    return self._assign_new_value(
                        self.moving_variance, tf.nn.relu(stddev * stddev - self.epsilon)
                    )

                def plain_update() -> Any:
                    return self._assign_moving_average(
                        self.moving_variance, new_variance, self.momentum, batch_size
                    )

                return _cond(
                    training,
                    renorm_update if self.renorm else plain_update,
                    lambda: self.moving_variance,
                )

            self._run_updates(mean_update, variance_update)
        mean = tf.cast(mean, inputs.dtype)
        variance = tf.cast(variance, inputs.dtype)
        offset = None if offset is None else tf.cast(offset, inputs.dtype)
        scale = None if scale is None else tf.cast(scale, inputs.dtype)
        outputs = tf.nn.batch_normalization(
            inputs, broadcast(mean), broadcast(variance), offset, scale, self.epsilon
        )
        if inputs_dtype in (tf.float16, tf.bfloat16):
            outputs = tf.cast(outputs, inputs_dtype)
        outputs.set_shape(input_shape)
        return outputs

    def _renorm_correction(self, mean: Any, variance: Any, training: Any, batch_size: Any) -> Any:
        """The renorm correction (r, d) and the statistics to average, updating renorm's own."""
        stddev = tf.sqrt(variance + self.epsilon)
        renorm_mean = self.renorm_mean
        renorm_stddev = tf.maximum(self.renorm_stddev, tf.sqrt(self.epsilon))
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        with tf.control_dependencies([r, d]):
            mean = tf.identity(mean)
            stddev = tf.identity(stddev)
        clipping = self.renorm_clipping
        rmin, rmax, dmax = (clipping.get(key) for key in ("rmin", "rmax", "dmax"))
        if rmin is not None:
            r = tf.maximum(r, rmin)
        if rmax is not None:
            r = tf.minimum(r, rmax)
        if dmax is not None:
            d = tf.minimum(tf.maximum(d, -dmax), dmax)
        r = _cond(training, lambda: r, lambda: tf.ones_like(r))
        d = _cond(training, lambda: d, lambda: tf.zeros_like(d))

        def update(variable: tf.Variable, value: tf.Tensor) -> Any:
            value = tf.identity(value)
            return _cond(
                training,
                lambda: self._assign_moving_average(
                    variable, value, self.renorm_momentum, batch_size
                ),
                lambda: tf.identity(variable),
            )

        updated = [update(self.renorm_mean, mean), update(self.renorm_stddev, stddev)]
        with tf.control_dependencies(updated):
            return r, d, tf.identity(mean), tf.identity(variance)

    # ------------------------------------------------------------------ config

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        return tf.TensorShape(input_shape)

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument but `adjustment` (a function), as the legacy layer."""
        axis = self._axis_argument
        return {
            **super().get_config(),
            "axis": axis[0] if isinstance(self.axis, int) or len(axis) == 1 else list(axis),
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": _config.serialize(self.beta_initializer),
            "gamma_initializer": _config.serialize(self.gamma_initializer),
            "moving_mean_initializer": _config.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": _config.serialize(self.moving_variance_initializer),
            "beta_regularizer": _config.serialize(self.beta_regularizer),
            "gamma_regularizer": _config.serialize(self.gamma_regularizer),
            "beta_constraint": _config.serialize(self.beta_constraint),
            "gamma_constraint": _config.serialize(self.gamma_constraint),
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
            "virtual_batch_size": self.virtual_batch_size,
        }


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


batch_normalization = functional_form(
    BatchNormalization,
    "batch_normalization",
    call_arguments={"training": False},
    order=[
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
        "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
        "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
        "training", "trainable", "name", "reuse", "renorm", "renorm_clipping",
        "renorm_momentum", "fused", "virtual_batch_size", "adjustment",
    ],
)
