"""Graph-collection and naming bookkeeping shared by the compat layers."""

from __future__ import annotations

import collections
import re
import weakref
from collections.abc import Iterable
from typing import Any

import tensorflow as tf

# Per-graph counters of layer names ("separable_conv1d", "separable_conv1d_1", ...).
# Keyed weakly so a discarded graph takes its counters with it.
_NAME_COUNTERS: weakref.WeakKeyDictionary[Any, collections.Counter] = weakref.WeakKeyDictionary()


class _EagerNamespace:
    """Stands for the eager context in `_NAME_COUNTERS` (the legacy layers share one namespace)."""


_EAGER = _EagerNamespace()


def unique_layer_name(base_name: str) -> str:
    """`base_name_1`, `base_name_2`, ... per graph (or for the eager context), as TF1 numbered."""
    key = _EAGER if tf.executing_eagerly() else tf.compat.v1.get_default_graph()
    counter = _NAME_COUNTERS.setdefault(key, collections.Counter())
    counter[base_name] += 1
    return f"{base_name}_{counter[base_name]}"


def add_to_collection(name: str, elements: Iterable[Any]) -> None:
    """Append each element to the default graph's collection `name` unless already there."""
    collection = tf.compat.v1.get_collection_ref(name)
    present = {id(item) for item in collection}
    for element in elements:
        if id(element) not in present:
            collection.append(element)
            present.add(id(element))


def snake_case(class_name: str) -> str:
    """The default layer name of a class, as Keras 2 derived it (`Conv2DTranspose` ->
    `conv2d_transpose`, `LSTMCell` -> `lstm_cell`); private classes get a `private` prefix."""
    words = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", words).lower()
    return f"private{name}" if name.startswith("_") else name
