"""`InputSpec`: the rank, dtype and shape constraints a layer declares for its inputs.

The same object and the same checks as the Keras 2 `InputSpec` that `tf.compat.v1.layers`
exported: a layer sets `self.input_spec`, and every call checks its inputs before the
layer builds. Messages keep the Keras 2 wording (`expected ndim=3, found ndim=2`,
`expected axis -1 of input shape to have value 4`) that user code and TensorFlow's own
tests match on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tensorflow as tf

__all__ = ["InputSpec", "assert_input_compatibility"]


class InputSpec:
    """Specifies the rank, dtype and shape of every input to a layer.

    A `None` entry in a shape matches any dimension; a `None` shape matches any shape.

    Args:
      dtype: Expected dtype of the input.
      shape: Expected shape, batch dimension included (None for unchecked axes).
      ndim: Expected rank.
      max_ndim: Maximum rank.
      min_ndim: Minimum rank.
      axes: Dict mapping integer axes to the dimension they must have.
      allow_last_axis_squeeze: Also accept inputs whose last axis of size 1 is added or
        missing compared with `shape`.
      name: Key of this input when inputs are passed as a dict.
      optional: Whether the input may be None.

    Example:

    >>> import compat_layers
    >>> compat_layers.InputSpec(ndim=4, axes={-1: 3})
    InputSpec(ndim=4, axes={-1: 3})
    """

    def __init__(
        self,
        dtype: Any = None,
        shape: Any = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: Mapping[int, int | None] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ) -> None:
        self.dtype = tf.as_dtype(dtype).name if dtype is not None else None
        known = tf.TensorShape(shape)
        self.shape = None if known.rank is None else tuple(known.as_list())
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.optional = optional
        try:
            self.axes = {int(axis): size for axis, size in (axes or {}).items()}
        except (AttributeError, TypeError, ValueError):
            raise TypeError(
                f"Invalid value for argument `axes`. Expected a dict with integer keys. "
                f"Received: axes={axes!r}"
            ) from None
        top = self.ndim if self.ndim else self.max_ndim
        if self.axes and top is not None and max(self.axes) > top - 1:
            raise ValueError(
                f"Invalid value for argument `axes`. Axis {max(self.axes)} is greater than the "
                f"maximum allowed value: {top - 1}. Received: axes={self.axes}"
            )

    def __repr__(self) -> str:
        fields = [
            ("dtype", self.dtype),
            ("shape", self.shape),
            ("ndim", self.ndim),
            ("max_ndim", self.max_ndim),
            ("min_ndim", self.min_ndim),
            ("axes", self.axes),
        ]
        return f"InputSpec({', '.join(f'{key}={value}' for key, value in fields if value)})"

    def get_config(self) -> dict[str, Any]:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> InputSpec:
        return cls(**config)


def _shape_text(shape: tf.TensorShape) -> str:
    return str(tuple(shape.as_list()))


def assert_input_compatibility(specs: Any, inputs: Any, layer_name: str) -> None:
    """Raises ValueError naming the input, the layer and the violated constraint."""
    if not specs:
        return
    specs = list(tf.nest.flatten(specs))
    if isinstance(inputs, Mapping) and any(spec.name for spec in specs if spec is not None):
        inputs = [inputs.get(spec.name) if spec is not None else None for spec in specs]
    flat = tf.nest.flatten(inputs)
    if len(flat) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
            f"{len(flat)} input tensors. Inputs received: {inputs}"
        )
    for index, (value, spec) in enumerate(zip(flat, specs, strict=True)):
        if spec is None or (value is None and spec.optional):
            continue
        _check_one(spec, value, f'Input {index} of layer "{layer_name}"')


def _check_one(spec: InputSpec, value: Any, which: str) -> None:
    shape = tf.TensorShape(value.shape)
    if shape.rank is None:
        return
    prefix = f"{which} is incompatible with the layer: "
    rank = shape.rank
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and rank != spec.ndim:
        raise ValueError(
            f"{prefix}expected ndim={spec.ndim}, found ndim={rank}. "
            f"Full shape received: {_shape_text(shape)}"
        )
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(f"{prefix}expected max_ndim={spec.max_ndim}, found ndim={rank}")
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(
            f"{prefix}expected min_ndim={spec.min_ndim}, found ndim={rank}. "
            f"Full shape received: {_shape_text(shape)}"
        )
    if spec.dtype is not None and value.dtype.name != spec.dtype:
        raise ValueError(f"{prefix}expected dtype={spec.dtype}, found dtype={value.dtype}")
    dims = shape.as_list()
    for axis, size in spec.axes.items():
        if size is not None and dims[axis] not in (size, None):
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value {size}, but "
                f"received input with shape {_shape_text(shape)}"
            )
    if spec.shape is not None:
        expected = list(spec.shape)
        if spec.allow_last_axis_squeeze:
            dims = dims[:-1] if dims and dims[-1] == 1 else dims
            expected = expected[:-1] if expected and expected[-1] == 1 else expected
        for want, got in zip(expected, dims, strict=False):
            if want is not None and got is not None and want != got:
                raise ValueError(
                    f"{prefix}expected shape={spec.shape}, found shape={_shape_text(shape)}"
                )
