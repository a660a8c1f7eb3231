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

from compat_layers import _batch_norm, _config, _validation
from compat_layers._functional import functional_form
from compat_layers.base import Layer
from compat_layers.input_spec import InputSpec

__all__ = ["BatchNormalization", "batch_normalization"]

_CLIPPING_KEYS = ("rmax", "rmin", "dmax")
# The legacy defaults: one shared initializer object each, like the v1 signature's.
_ZEROS = tf.compat.v1.zeros_initializer()
_ONES = tf.compat.v1.ones_initializer()
# (normalized axis, rank) -> data format of the fused kernel; other layouts are not fused.
_FUSED_FORMATS = {(1, 4): "NCHW", (3, 4): "NHWC", (1, 5): "NCDHW", (4, 5): "NDHWC"}
_FUSABLE_DTYPES = (tf.float16, tf.bfloat16, tf.float32)


def _axis_list(value: Any) -> list[int]:
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items or any(isinstance(a, bool) or not isinstance(a, numbers.Integral) for a in items):
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
        beta_initializer: Any = _ZEROS,
        gamma_initializer: Any = _ONES,
        moving_mean_initializer: Any = _ZEROS,
        moving_variance_initializer: Any = _ONES,
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
            if not (tf.is_tensor(value) or _batch_norm.is_real(value)):
                raise _validation.invalid(argument, "a float", value)
        if not _batch_norm.is_real(epsilon) or epsilon < 0:
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
            if not isinstance(renorm_clipping, dict) or set(renorm_clipping) - set(_CLIPPING_KEYS):
                raise _validation.invalid(
                    "renorm_clipping",
                    f"a dict with keys among {list(_CLIPPING_KEYS)}",
                    renorm_clipping,
                )
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.axis: Any = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = _validation.boolean("center", center)
        self.scale = _validation.boolean("scale", scale)
        self.beta_initializer = _validation.initializer("beta_initializer", beta_initializer)
        self.gamma_initializer = _validation.initializer("gamma_initializer", gamma_initializer)
        self.moving_mean_initializer = _validation.initializer(
            "moving_mean_initializer", moving_mean_initializer
        )
        self.moving_variance_initializer = _validation.initializer(
            "moving_variance_initializer", moving_variance_initializer
        )
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
        self._fused_argument = fused
        self._data_format: str | None = None
        self.supports_masking = True

    # ------------------------------------------------------------------ build

    @property
    def _param_dtype(self) -> tf.DType:
        if self._dtype in (tf.float16, tf.bfloat16):
            return tf.float32  # float16 inputs get float32 parameters, as in the legacy layer
        return self._dtype or tf.float32

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
        axes = _batch_norm.normalized_axes(
            self._axis_argument, self.virtual_batch_size, input_shape
        )
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
                name=name,
                shape=param_shape,
                dtype=self._param_dtype,
                initializer=initializer,
                **kwargs,
            )

        statistics = dict(
            trainable=False,
            synchronization=tf.VariableSynchronization.ON_READ,
            aggregation=tf.VariableAggregation.MEAN,
        )
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = weight(
                "gamma",
                self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                trainable=True,
            )
        if self.center:
            self.beta = weight(
                "beta",
                self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                trainable=True,
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
                and _batch_norm.static_bool(training)
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
        training_value = _batch_norm.static_bool(training)
        inputs = tf.cast(inputs, self._dtype or inputs.dtype)
        original_shape = None
        if self.virtual_batch_size is not None:
            original_shape = tf.concat([tf.constant([-1]), tf.shape(inputs)[1:]], axis=0)
            # The legacy layer (TF2 behaviour) splits the batch only for a known True.
            ghost = [self.virtual_batch_size, -1] if training_value else [-1, 1]
            inputs = tf.reshape(inputs, tf.concat([tf.constant(ghost), original_shape[1:]], 0))
        if self.fused:
            outputs = _batch_norm.fused_batch_norm(self, inputs, training, training_value)
        else:
            outputs = _batch_norm.batch_norm(self, inputs, training, training_value, mask)
        if original_shape is not None:
            outputs = tf.reshape(outputs, original_shape)
        return outputs

    # ------------------------------------------------------------------ config

    def compute_output_shape(self, input_shape: Any) -> tf.TensorShape:
        return tf.TensorShape(input_shape)

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument but `adjustment` (a function, which the legacy layer
        left out too); `fused` is the argument given, not the choice made in `build`."""
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
            "fused": self._fused_argument,
            "virtual_batch_size": self.virtual_batch_size,
        }


batch_normalization = functional_form(
    BatchNormalization,
    "batch_normalization",
    call_arguments={"training": False},
    order=[
        "axis",
        "momentum",
        "epsilon",
        "center",
        "scale",
        "beta_initializer",
        "gamma_initializer",
        "moving_mean_initializer",
        "moving_variance_initializer",
        "beta_regularizer",
        "gamma_regularizer",
        "beta_constraint",
        "gamma_constraint",
        "training",
        "trainable",
        "name",
        "reuse",
        "renorm",
        "renorm_clipping",
        "renorm_momentum",
        "fused",
        "virtual_batch_size",
        "adjustment",
    ],
)
