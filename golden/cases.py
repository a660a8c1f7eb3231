"""The registry of golden cases: every layer family's named configurations and their arrays.

A case is one layer of `tf.compat.v1.layers` (by class name), its constructor arguments, an
input shape, a dtype and, for `Dropout` and `BatchNormalization`, the `training` argument of
the call. The families (`golden/families/*.py`) hold the tables of cases and, per layer, a
`LayerSpec`: the weights the layer creates, its output shape, an optional NumPy forward and
its Keras 3 counterpart.

The arrays of a case (input, weights and the cotangent that defines the recorded scalar
`loss = sum(output * cotangent)`) come from NumPy with a seed derived from the case's
variant name, never from TensorFlow's initializers or random state.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

__all__ = [
    "CASES",
    "DTYPES",
    "FAMILIES",
    "SPECS",
    "Case",
    "LayerSpec",
    "Weight",
    "case_by_name",
    "cases_of",
    "make_arrays",
    "result_names",
    "snake",
]

DTYPES = ("float32", "float64", "float16")


def snake(layer: str) -> str:
    """`Conv2DTranspose` -> `conv2d_transpose`, `BasicLSTMCell` -> `basic_lstm_cell`."""
    return re.sub(r"(?<!^)(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", layer).lower()


@dataclass(frozen=True)
class Case:
    """One golden configuration.

    Attributes:
      layer: class name in `tf.compat.v1.layers` (and in `compat_layers`).
      variant: unique within the layer; seeds the arrays; includes the dtype.
      dtype: dtype of the input, of the output and (except batch norm's float32
        parameters for float16 inputs) of the weights.
      input_shape: the full input shape, batch first.
      kwargs: constructor arguments, identical for the legacy and the compat layer.
      training: the `training` argument of the call, or None to pass none.
      graph_seed: `tf.compat.v1.set_random_seed` before building (Dropout's mask).
      call: arguments of the layer's runner (`LayerSpec.apply`), e.g. an RNN cell's
        `sequence_length` for `dynamic_rnn`.
    """

    layer: str
    variant: str
    dtype: str
    input_shape: tuple[int, ...]
    kwargs: dict[str, Any] = field(default_factory=dict, hash=False)
    training: bool | None = None
    graph_seed: int | None = None
    call: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def name(self) -> str:
        return f"{snake(self.layer)}-{self.variant}"

    @property
    def seed(self) -> int:
        # crc32 is stable across Python versions and processes (unlike hash()). Seeded by
        # the variant alone so the SeparableConv1D cases kept their arrays when the
        # registry grew from one layer to the family.
        return zlib.crc32(self.variant.encode("utf-8"))

    @property
    def spec(self) -> LayerSpec:
        return SPECS[self.layer]

    @property
    def family(self) -> str:
        return self.spec.family

    @property
    def data_format(self) -> str:
        return self.kwargs.get("data_format", "channels_last")

    @property
    def channels_first(self) -> bool:
        return self.data_format == "channels_first"

    @property
    def output_shape(self) -> tuple[int, ...]:
        return self.spec.output_shape(self)

    @property
    def weights(self) -> tuple[Weight, ...]:
        return self.spec.weights(self)

    @property
    def graph_only(self) -> bool:
        """Only a v1 graph reproduces the result (Dropout's seeded mask)."""
        return self.graph_seed is not None

    def config_digest(self) -> str:
        """A short hash of `to_config()`: index.json's record of the configuration."""
        text = json.dumps(self.to_config(), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def to_config(self) -> dict:
        """A JSON-serialisable description; `Case.from_config` rebuilds the case."""
        config = {
            "layer": self.layer,
            "variant": self.variant,
            "dtype": self.dtype,
            "input_shape": list(self.input_shape),
            "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in self.kwargs.items()},
        }
        if self.training is not None:
            config["training"] = self.training
        if self.graph_seed is not None:
            config["graph_seed"] = self.graph_seed
        if self.call:
            config["call"] = {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.call.items()
            }
        return config

    @property
    def extra_outputs(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        return self.spec.extra_outputs(self)


@dataclass(frozen=True)
class Weight:
    """A variable the layer creates, in the order of `layer.weights`.

    Its golden value is drawn uniformly from `[low, high)` (divided by `sqrt(fan_in)` when
    `fan_in` is given, so outputs stay of order one for every kernel size).
    """

    name: str
    shape: tuple[int, ...]
    low: float = -1.0
    high: float = 1.0
    fan_in: int | None = None
    trainable: bool = True
    dtype: str | None = None  # None: the case dtype


@dataclass(frozen=True)
class LayerSpec:
    """What the registry knows about one layer class.

    Attributes:
      layer: class name.
      family: the family module (`conv`, `core`, `pooling`, `normalization`).
      weights: the layer's variables for a case, in `layer.weights` order.
      output_shape: the output shape for a case.
      numpy_forward: the output in float64 NumPy from the arrays, or None where the family
        has no TensorFlow-free forward; with `pre_activation=True` the value before the
        activation (keeps ReLU cases away from the kink).
      keras3: `(model, weight_layer)` of the Keras 3 counterpart for a case, or None.
      keras3_skip: why a case has no Keras 3 comparison (None: it has one).
      keras3_xfail: the Keras 3 defect a case hits (a strict xfail) and the exception it
        raises, or None.
      keras3_expected: the golden results adjusted for a documented, deliberate difference
        of Keras 3 (batch norm's uncorrected moving variance).
      reference: what records the golden numbers, per case (a description).
      relu_balance: in ReLU cases, the smallest share of pre-activations required on each
        side of zero (so the activation is neither all on nor all off).
      namespace: where the classes live, as an attribute path below `tensorflow` (the
        reference) and below `compat_layers` (empty: the package itself).
      build: makes the layer from the case and the namespace object holding its class.
      apply: runs the built layer on the input tensor; returns the named result tensors,
        `output` first (see `extra_outputs`).
      extra_outputs: `(name, shape)` of the results besides `output` (an RNN's final
        state); each gets its own cotangent, `cotangent_<name>`.
      keras3_apply: runs the Keras 3 counterpart (default: `apply`).
      keras3_layout: for a Keras 3 counterpart with other weights, the converter
        (`golden.harness.run_eager`'s `layout`) for a case.
      weight_name: a variable's name in the registry (the part that identifies it within
        the layer, `/` written as `.`).
    """

    layer: str
    family: str
    weights: Callable[[Case], tuple[Weight, ...]] = lambda case: ()
    output_shape: Callable[[Case], tuple[int, ...]] = lambda case: case.input_shape
    numpy_forward: Callable[..., np.ndarray] | None = None
    keras3: Callable[[Case], tuple[Any, Any]] | None = None
    keras3_skip: Callable[[Case], str | None] = lambda case: None
    keras3_xfail: Callable[[Case], tuple[str, type[BaseException]] | None] = lambda case: None
    keras3_expected: Callable[[Case, dict], dict] = lambda case, golden: golden
    reference: Callable[[Case], str] = lambda case: f"tf.compat.v1.layers.{case.layer}"
    relu_balance: float = 0.2
    namespace: tuple[str, str] = ("compat.v1.layers", "")
    build: Callable[[Case, Any], Any] = lambda case, namespace: getattr(namespace, case.layer)(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in case.kwargs.items()}
    )
    apply: Callable[[Case, Any, Any], dict] | None = None
    extra_outputs: Callable[[Case], tuple[tuple[str, tuple[int, ...]], ...]] = lambda case: ()
    keras3_apply: Callable[[Case, Any, Any], dict] | None = None
    keras3_layout: Callable[[Case], Any] | None = None
    weight_name: Callable[[Any], str] = lambda variable: variable.name.split("/")[-1].split(":")[0]


def result_names(case: Case) -> tuple[str, ...]:
    """The recorded results of `case`: output, gradients and updated moving statistics."""
    names = ["output", *(name for name, _ in case.extra_outputs), "grad_x"]
    names += [f"grad_{w.name}" for w in case.weights if w.trainable]
    if case.training and any(not w.trainable for w in case.weights):
        names += [f"updated_{w.name}" for w in case.weights if not w.trainable]
    return tuple(names)


# Smallest |pre-activation| allowed in a ReLU case: two implementations that round
# differently must not land on different sides of the kink (that would flip a gradient
# between 0 and the cotangent, a difference no tolerance should absorb).
_RELU_MARGIN = 0.02


def make_arrays(case: Case) -> dict[str, np.ndarray]:
    """The fixed input, weights and cotangent of `case`.

    Deterministic: the same case always gives bit-identical arrays. Drawn in the order
    input, weights, cotangent.
    """
    dtype = np.dtype(case.dtype)
    weights = case.weights
    relu = case.kwargs.get("activation") == "relu"
    for attempt in range(10_000):
        rng = np.random.default_rng([case.seed, attempt])
        arrays = {"x": rng.uniform(-1.0, 1.0, case.input_shape).astype(dtype)}
        for w in weights:
            value = rng.uniform(w.low, w.high, w.shape)
            if w.fan_in:
                value = value / math.sqrt(w.fan_in)
            arrays[w.name] = value.astype(w.dtype or dtype)
        arrays["cotangent"] = rng.uniform(-1.0, 1.0, case.output_shape).astype(dtype)
        for name, shape in case.extra_outputs:
            arrays[f"cotangent_{name}"] = rng.uniform(-1.0, 1.0, shape).astype(dtype)
        if not relu or case.spec.numpy_forward is None:
            return arrays
        pre = case.spec.numpy_forward(arrays, case, pre_activation=True)
        # At least one pre-activation on each side of zero (from two elements on), and the
        # layer's share of them.
        need = max(math.ceil(case.spec.relu_balance * pre.size), 1) if pre.size > 1 else 0
        positive = int(np.sum(pre > 0))
        if np.min(np.abs(pre)) >= _RELU_MARGIN and need <= positive <= pre.size - need:
            return arrays
    raise RuntimeError(f"no ReLU-safe arrays found for case {case.name!r}")


def expand(
    layer: str, variants: dict[str, dict[str, Any]], dtypes: tuple[str, ...] = DTYPES
) -> Iterator[Case]:
    """One case per variant and dtype; a variant is `Case` fields, `kwargs` merged.

    Variant names get the dtype appended (`same_s2` -> `same_s2-float32`).
    """
    for dtype in dtypes:
        for variant, fields in variants.items():
            fields = dict(fields)
            case = Case(
                layer=layer,
                variant=f"{variant}-{dtype}",
                dtype=dtype,
                input_shape=tuple(fields.pop("input_shape")),
                kwargs=dict(fields.pop("kwargs", {})),
            )
            yield replace(case, **fields)


def _collect() -> tuple[dict[str, LayerSpec], tuple[Case, ...], dict[str, tuple[str, ...]]]:
    from golden.families import FAMILY_MODULES

    specs: dict[str, LayerSpec] = {}
    cases: list[Case] = []
    families: dict[str, tuple[str, ...]] = {}
    for module in FAMILY_MODULES:
        for spec in module.SPECS:
            specs[spec.layer] = spec
        families[module.FAMILY] = tuple(spec.layer for spec in module.SPECS)
        cases.extend(module.CASES)
    names = [case.name for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RuntimeError(f"duplicate golden case names: {duplicates}")
    return specs, tuple(cases), families


SPECS: dict[str, LayerSpec]
CASES: tuple[Case, ...]
FAMILIES: dict[str, tuple[str, ...]]
SPECS, CASES, FAMILIES = _collect()
_BY_NAME = {case.name: case for case in CASES}


def case_by_name(name: str) -> Case:
    """The registered case called `name`.

    Raises:
      KeyError: no case has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no golden case named {name!r}") from None


def cases_of(layer: str) -> tuple[Case, ...]:
    """The registered cases of one layer class, in registry order."""
    return tuple(case for case in CASES if case.layer == layer)
