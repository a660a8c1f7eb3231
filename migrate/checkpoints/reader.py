"""Find the layers stored in a TF1 (or TF2 object-based) checkpoint.

A TF1 checkpoint is a flat map from variable names to tensors. This module groups the
names by layer scope (`encoder/dense/kernel` and `encoder/dense/bias` make the layer
`encoder/dense`; a GRU cell's `gates/...` and `candidate/...` make one layer) and gives each
group its kind from the table in `migrate.checkpoints.kinds`. A group with a kernel or
statistics that no kind takes is `unrecognised`, with the reason; everything else
(optimizer slots, `global_step`, layer norm) is reported as left over.

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

from migrate.checkpoints.kinds import KINDS_BY_NAME, VARIABLE_NAMES, Kind, classify, is_anchor

OBJECT_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
# The root under which `convert` stores its layers (`tf.train.Checkpoint(layers={...})`).
CONVERTED_ROOT = "layers/"


@dataclass(frozen=True)
class V1Layer:
    """One layer found in a checkpoint.

    Attributes:
      scope: the layer's variable scope (`encoder/conv`, `rnn/lstm_cell`); for an
        object-based checkpoint written by `convert`, the Keras layer name.
      variables: v1 variable name (`kernel`, `gates/bias`) -> the full tensor name.
      shapes: v1 variable name -> shape.
      dtype: the dtype shared by the variables (`"float32"`).
      kind: the name of its `migrate.checkpoints.kinds.Kind` (`dense`, `lstm`, ...).
      unknown: tensors inside the layer's scope that no Keras weight takes (an LSTM's
        peephole `w_f_diag`, a projection); such a layer is never loaded.
    """

    scope: str
    variables: dict[str, str]
    shapes: dict[str, tuple[int, ...]]
    dtype: str
    kind: str = "separable_conv"
    unknown: tuple[str, ...] = ()

    @property
    def spec(self) -> Kind:
        return KINDS_BY_NAME[self.kind]

    @property
    def use_bias(self) -> bool:
        return "bias" in self.variables

    @property
    def ignored(self) -> tuple[str, ...]:
        """Variables recognised but not loaded (batch norm renorm statistics)."""
        return tuple(n for n in self.spec.ignored if n in self.variables)

    def keras_shapes(self, forget_bias: float = 1.0) -> dict[str, tuple[int, ...]]:
        """Keras weight name -> shape after conversion."""
        zeros = {n: np.zeros(shape, np.float32) for n, shape in self.shapes.items()}
        return {n: v.shape for n, v in self.spec.to_keras(zeros, forget_bias).items()}

    def describe(self) -> str:
        """`depthwise_kernel (3, 4, 1), pointwise_kernel (1, 4, 8), bias (8,) float32`."""
        spec = self.spec
        order = [n for n in (*spec.keras_weights, *spec.variables) if n in self.shapes]
        order = list(dict.fromkeys(order))
        parts = [f"{name} {self.shapes[name]}" for name in order]
        return ", ".join(parts) + f" {self.dtype}"

    def to_dict(self) -> dict:
        return {
            "scope": self.scope,
            "kind": self.kind,
            "dtype": self.dtype,
            "variables": dict(self.variables),
            "shapes": {name: list(shape) for name, shape in self.shapes.items()},
            "keras_shapes": {n: list(shape) for n, shape in self.keras_shapes().items()},
            "ignored": list(self.ignored),
            "unknown": list(self.unknown),
        }


@dataclass
class CheckpointContents:
    """What a checkpoint holds: layers, unrecognised layer scopes, and everything else.

    `unrecognised` holds (scope, reason) for scopes with a kernel or statistics that no
    layer kind takes.
    """

    prefix: str
    layers: list[V1Layer]
    other_variables: list[str]
    object_based: bool
    reader: object
    unrecognised: list[tuple[str, str]]

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

    def keras_values(self, layer: V1Layer, forget_bias: float = 1.0) -> dict[str, np.ndarray]:
        """The Keras weights of `layer`, converted to the Keras layout (see `kinds`)."""
        values = {name: self.read(tensor) for name, tensor in layer.variables.items()}
        return layer.spec.to_keras(values, forget_bias)

    def refusals(self) -> list[str]:
        """Why the whole checkpoint cannot be converted: unrecognised and unknown variables."""
        found = [
            f"checkpoint scope `{scope}` is not a layer of a known kind: {reason}"
            for scope, reason in self.unrecognised
        ]
        found += [
            f"checkpoint layer `{v.scope}` has {', '.join(f'`{n}`' for n in v.unknown)} in "
            "its scope, which no Keras weight holds"
            for v in self.layers
            if v.unknown
        ]
        return found


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
    """Open `checkpoint` and group its variables into layers.

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
    keys = {}
    for name in shapes:
        key = name
        if object_based:
            if not name.endswith(OBJECT_SUFFIX):
                continue
            key = name[: -len(OBJECT_SUFFIX)]
            if key.startswith(CONVERTED_ROOT):
                key = key[len(CONVERTED_ROOT) :]
        keys[key] = name
    layers, unrecognised = [], []
    used: set[str] = set()
    for scope, group in sorted(group_variables(keys).items()):
        shape = {w: tuple(int(d) for d in shapes[n]) for w, n in group.items()}
        kind, reason = classify(scope, shape)
        dtype = {tf.as_dtype(dtypes[n]).name for n in group.values()}
        if kind is not None and len(dtype) > 1:
            kind, reason = None, f"its variables have different dtypes ({', '.join(dtype)})"
        if kind is None:
            if any(is_anchor(w) for w in group):
                unrecognised.append((scope, reason))
                used.update(group.values())
            continue
        unknown = _unknown(scope, group, keys) if scope else ()
        layers.append(V1Layer(scope, dict(group), shape, dtype.pop(), kind.name, unknown))
        used.update(group.values())
        used.update(unknown)
    other = sorted(n for n in shapes if n not in used and n != "_CHECKPOINTABLE_OBJECT_GRAPH")
    return CheckpointContents(prefix, layers, other, object_based, reader, unrecognised)


def group_variables(keys: dict[str, str]) -> dict[str, dict[str, str]]:
    """scope -> {v1 variable name -> tensor name}, from variable name -> tensor name.

    A GRU cell keeps its variables one level down (`gru_cell/gates/kernel`); the two
    sub-scopes become one group when together they hold exactly a GRU's variables, so a
    dense layer named `gates` elsewhere stays a dense layer.
    """
    groups: dict[str, dict[str, str]] = {}
    for key, name in keys.items():
        scope, _, weight = key.rpartition("/")
        if weight in VARIABLE_NAMES:
            groups.setdefault(scope, {})[weight] = name
    for scope in list(groups):
        parent, _, part = scope.rpartition("/")
        sibling = f"{parent}/candidate" if parent else "candidate"
        if part != "gates" or sibling not in groups or parent in groups:
            continue
        merged = {f"gates/{w}": n for w, n in groups[scope].items()}
        merged.update({f"candidate/{w}": n for w, n in groups[sibling].items()})
        if set(merged) == set(KINDS_BY_NAME["gru"].required):
            del groups[scope], groups[sibling]
            groups[parent] = merged
    return groups


def _unknown(scope: str, group: dict[str, str], keys: dict[str, str]) -> tuple[str, ...]:
    """Tensors under `scope/` that are neither the layer's variables nor their slots."""
    own = set(group)
    found = []
    for key, name in keys.items():
        if not key.startswith(scope + "/"):
            continue
        rest = key[len(scope) + 1 :]
        if rest in own or any(rest.startswith(w + "/") for w in own):
            continue
        found.append(name)
    return tuple(sorted(found))


def read_layers(checkpoint: str | os.PathLike[str]) -> CheckpointContents:
    """Like `read_checkpoint`, but a checkpoint without any layer is an error."""
    contents = read_checkpoint(checkpoint)
    if not contents.layers and not contents.unrecognised:
        sample = ", ".join(f"`{n}`" for n in contents.other_variables[:8]) or "nothing"
        more = len(contents.other_variables) - 8
        if more > 0:
            sample += f" and {more} more"
        raise ValueError(
            f"Checkpoint {contents.prefix!r} holds no layer of a known kind (dense, conv, "
            "separable conv, batch norm, LSTM, GRU, basic RNN cell). "
            f"It holds {sample}."
        )
    return contents
