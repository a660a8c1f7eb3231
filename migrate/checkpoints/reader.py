"""Find the separable conv layers stored in a TF1 (or TF2 object-based) checkpoint.

A TF1 checkpoint is a flat map from variable names to tensors. The legacy
`separable_conv1d` stores `<scope>/depthwise_kernel` (k, C, M), `<scope>/pointwise_kernel`
(1, C*M, F) and, unless `use_bias=False`, `<scope>/bias` (F,). This module groups the
names by scope and keeps the groups whose shapes fit together; everything else
(optimizer slots, `global_step`, other layers) is reported as left over.

Object-based checkpoints (`tf.train.Checkpoint`, and what `tf1-migrate checkpoint convert`
writes) name a variable by its object path plus `/.ATTRIBUTES/VARIABLE_VALUE`; the path
without that suffix plays the part of the variable name, and the `layers/` root that
`convert` writes is dropped so the scope is the Keras layer name.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass

import numpy as np
import tensorflow as tf

WEIGHT_NAMES = ("depthwise_kernel", "pointwise_kernel", "bias")
OBJECT_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
# The root under which `convert` stores its layers (`tf.train.Checkpoint(layers={...})`).
CONVERTED_ROOT = "layers/"


@dataclass(frozen=True)
class V1Layer:
    """One separable conv layer found in a checkpoint.

    Attributes:
      scope: the layer's variable scope (`encoder/conv`); for an object-based checkpoint
        written by `convert`, the Keras layer name.
      variables: weight name (`depthwise_kernel`, `pointwise_kernel`, `bias`) -> the full
        name of the tensor in the checkpoint.
      shapes: weight name -> shape.
      dtype: the dtype shared by the weights (`"float32"`).
    """

    scope: str
    variables: dict[str, str]
    shapes: dict[str, tuple[int, ...]]
    dtype: str

    @property
    def kernel_size(self) -> int:
        return self.shapes["depthwise_kernel"][0]

    @property
    def in_channels(self) -> int:
        return self.shapes["depthwise_kernel"][1]

    @property
    def depth_multiplier(self) -> int:
        return self.shapes["depthwise_kernel"][2]

    @property
    def filters(self) -> int:
        return self.shapes["pointwise_kernel"][2]

    @property
    def use_bias(self) -> bool:
        return "bias" in self.variables

    def describe(self) -> str:
        """`depthwise_kernel (3, 4, 1), pointwise_kernel (1, 4, 8), bias (8,) float32`."""
        parts = [f"{name} {self.shapes[name]}" for name in WEIGHT_NAMES if name in self.shapes]
        return ", ".join(parts) + f" {self.dtype}"

    def to_dict(self) -> dict:
        return {
            "scope": self.scope,
            "kernel_size": self.kernel_size,
            "in_channels": self.in_channels,
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "use_bias": self.use_bias,
            "dtype": self.dtype,
            "variables": dict(self.variables),
            "shapes": {name: list(shape) for name, shape in self.shapes.items()},
        }


@dataclass
class CheckpointContents:
    """What a checkpoint holds, split into separable conv layers and everything else."""

    prefix: str
    layers: list[V1Layer]
    other_variables: list[str]
    object_based: bool
    reader: object

    def read(self, name: str) -> np.ndarray:
        """The value of tensor `name`, with a clear error when the data file is damaged."""
        try:
            return np.asarray(self.reader.get_tensor(name))
        # A truncated data file surfaces as IndexError ("Read less bytes than requested").
        except (tf.errors.OpError, ValueError, IndexError, RuntimeError) as exc:
            raise ValueError(
                f"Checkpoint {self.prefix!r} is corrupt: reading variable `{name}` failed "
                f"({_first_line(exc)})."
            ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _invalid(checkpoint: object, expected: str) -> ValueError:
    return ValueError(
        f"Invalid value for argument `checkpoint`. Expected {expected}. "
        f"Received: checkpoint={checkpoint!r}"
    )


_EXPECTED = "a TF1 checkpoint prefix (`model.ckpt-100`) or a directory holding a `checkpoint` file"


def resolve_prefix(checkpoint: str | os.PathLike[str]) -> str:
    """The checkpoint prefix that `checkpoint` (a prefix, a file of it, or a directory) names."""
    try:
        path = os.fspath(checkpoint)
    except TypeError:
        raise _invalid(checkpoint, _EXPECTED) from None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if os.path.isdir(path):
        prefix = tf.train.latest_checkpoint(path)
        if prefix is not None:
            # A copied directory still names the original's absolute path; the user meant
            # the copy they pointed at.
            local = os.path.join(path, os.path.basename(prefix))
            return local if os.path.exists(local + ".index") else prefix
        # Saver writes absolute paths into the `checkpoint` file, so a moved directory
        # leaves it pointing nowhere; a single prefix in the directory is unambiguous.
        found = sorted(p[: -len(".index")] for p in glob.glob(os.path.join(path, "*.index")))
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(os.path.basename(p) for p in found)
            raise _invalid(
                checkpoint,
                f"{_EXPECTED}; the directory holds several checkpoints ({names}) and no "
                "usable `checkpoint` file, so pass one prefix",
            )
        raise _invalid(checkpoint, f"{_EXPECTED}; the directory holds no checkpoint")
    for suffix in (".index", ".meta"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if ".data-" in os.path.basename(path):
        path = path[: path.rindex(".data-")]
    if not os.path.exists(path + ".index"):
        raise _invalid(checkpoint, f"{_EXPECTED}; no file {path + '.index'!r} exists")
    return path


def read_checkpoint(checkpoint: str | os.PathLike[str]) -> CheckpointContents:
    """Open `checkpoint` and group its variables into separable conv layers.

    Raises:
      ValueError: the checkpoint is missing or cannot be read.
    """
    prefix = resolve_prefix(checkpoint)
    try:
        reader = tf.train.load_checkpoint(prefix)
        shapes = reader.get_variable_to_shape_map()
        dtypes = reader.get_variable_to_dtype_map()
    except (tf.errors.OpError, ValueError) as exc:
        raise ValueError(
            f"Checkpoint {prefix!r} cannot be read: {_first_line(exc)}. Expected a checkpoint "
            "written by `tf.compat.v1.train.Saver` or `tf.train.Checkpoint`."
        ) from exc
    object_based = "_CHECKPOINTABLE_OBJECT_GRAPH" in shapes
    groups: dict[str, dict[str, str]] = {}
    for name in shapes:
        key = name
        if object_based:
            if not name.endswith(OBJECT_SUFFIX):
                continue
            key = name[: -len(OBJECT_SUFFIX)]
            if key.startswith(CONVERTED_ROOT):
                key = key[len(CONVERTED_ROOT) :]
        scope, _, weight = key.rpartition("/")
        if weight in WEIGHT_NAMES:
            groups.setdefault(scope, {})[weight] = name
    layers = []
    used: set[str] = set()
    for scope in sorted(groups):
        layer = _as_layer(scope, groups[scope], shapes, dtypes)
        if layer is not None:
            layers.append(layer)
            used.update(layer.variables.values())
    other = sorted(n for n in shapes if n not in used and n != "_CHECKPOINTABLE_OBJECT_GRAPH")
    return CheckpointContents(prefix, layers, other, object_based, reader)


def _as_layer(scope: str, names: dict[str, str], shapes: dict, dtypes: dict) -> V1Layer | None:
    """A `V1Layer` if the group's shapes are those of a separable conv1d, else None."""
    if "depthwise_kernel" not in names or "pointwise_kernel" not in names:
        return None
    shape = {weight: tuple(int(d) for d in shapes[name]) for weight, name in names.items()}
    depthwise, pointwise = shape["depthwise_kernel"], shape["pointwise_kernel"]
    # Rank 4 depthwise kernels belong to separable_conv2d, which is not ours to map.
    if len(depthwise) != 3 or len(pointwise) != 3:
        return None
    if pointwise[:2] != (1, depthwise[1] * depthwise[2]):
        return None
    if "bias" in shape and shape["bias"] != (pointwise[2],):
        return None
    kinds = {tf.as_dtype(dtypes[name]).name for name in names.values()}
    if len(kinds) != 1:
        return None
    return V1Layer(scope, dict(names), shape, kinds.pop())


def read_separable_layers(checkpoint: str | os.PathLike[str]) -> CheckpointContents:
    """Like `read_checkpoint`, but a checkpoint without separable conv layers is an error."""
    contents = read_checkpoint(checkpoint)
    if not contents.layers:
        sample = ", ".join(f"`{n}`" for n in contents.other_variables[:8]) or "nothing"
        more = len(contents.other_variables) - 8
        if more > 0:
            sample += f" and {more} more"
        raise ValueError(
            f"Checkpoint {contents.prefix!r} holds no separable conv layer: no scope has a "
            "rank-3 `depthwise_kernel` (k, C, M) with a `pointwise_kernel` (1, C*M, F). "
            f"It holds {sample}."
        )
    return contents
