"""Argument normalising and error messages for the compat layers.

Every message has one form, naming the argument and what was received:
"Invalid value for argument `filters`. Expected a strictly positive integer. Received: filters=0".
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import tensorflow as tf

PADDINGS = ("valid", "same", "causal")
DATA_FORMATS = ("channels_last", "channels_first")
FLOAT_DTYPES = (tf.float16, tf.bfloat16, tf.float32, tf.float64)


def invalid(argument: str, expected: str, value: Any) -> ValueError:
    """The one error form used for bad constructor or call arguments."""
    return ValueError(
        f"Invalid value for argument `{argument}`. Expected {expected}. "
        f"Received: {argument}={value!r}"
    )


def positive_int(argument: str, value: Any) -> int:
    """A strictly positive integer; Python and NumPy integers accepted, bools refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise invalid(argument, "a strictly positive integer", value)
    return int(value)


def single_int_tuple(argument: str, value: Any) -> tuple[int]:
    """An integer or a 1-element tuple/list of one, as the 1D layers accept."""
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise invalid(argument, "an integer or a tuple of 1 integer", value)
        (item,) = value
        if isinstance(item, bool) or not isinstance(item, numbers.Integral) or item <= 0:
            raise invalid(argument, "an integer or a tuple of 1 strictly positive integer", value)
        return (int(item),)
    return (positive_int(argument, value),)


def padding(value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in PADDINGS:
        raise invalid("padding", "one of 'valid', 'same', 'causal' (case-insensitive)", value)
    return value.lower()


def data_format(value: Any) -> str:
    # TF1 code never relied on ~/.keras/keras.json: None meant the default layout.
    if value is None:
        return "channels_last"
    if not isinstance(value, str) or value.lower() not in DATA_FORMATS:
        raise invalid("data_format", "'channels_last' or 'channels_first'", value)
    return value.lower()


def boolean(argument: str, value: Any) -> bool:
    if not isinstance(value, (bool, int)) or isinstance(value, float):
        raise invalid(argument, "a boolean", value)
    return bool(value)


def float_dtype(argument: str, value: Any) -> tf.DType | None:
    """None (follow the first input, as the legacy layer does) or a floating dtype."""
    if value is None:
        return None
    try:
        dtype = tf.as_dtype(value)
    except TypeError:
        raise invalid(argument, "a floating dtype such as 'float32'", value) from None
    if dtype.base_dtype not in FLOAT_DTYPES:
        raise invalid(argument, "a floating dtype such as 'float32'", value)
    return dtype.base_dtype


def strides_and_dilation(strides: tuple[int], dilation_rate: tuple[int]) -> None:
    if strides[0] > 1 and dilation_rate[0] > 1:
        raise ValueError(
            "Invalid value for arguments `strides` and `dilation_rate`. `strides > 1` is not "
            "supported together with `dilation_rate > 1`. "
            f"Received: strides={strides}, dilation_rate={dilation_rate}"
        )


# String names resolve to TensorFlow's v1 initializers, whose random ops work the same
# in graphs, eagerly and inside tf.function (Keras 3 initializers carry seed state).
_V1_INITIALIZERS: dict[str, Callable[[], Any]] = {
    "zeros": tf.compat.v1.zeros_initializer,
    "zero": tf.compat.v1.zeros_initializer,
    "ones": tf.compat.v1.ones_initializer,
    "one": tf.compat.v1.ones_initializer,
    "glorot_uniform": tf.compat.v1.glorot_uniform_initializer,
    "glorot_normal": tf.compat.v1.glorot_normal_initializer,
    "random_normal": tf.compat.v1.random_normal_initializer,
    "random_uniform": tf.compat.v1.random_uniform_initializer,
    "truncated_normal": tf.compat.v1.truncated_normal_initializer,
    "orthogonal": tf.compat.v1.orthogonal_initializer,
}


def initializer(argument: str, value: Any) -> Any:
    """None, a callable (v1 initializer, Keras initializer, function) or a string name."""
    if value is None or callable(value):
        return value
    if isinstance(value, str):
        key = value.lower()
        if key in _V1_INITIALIZERS:
            return _V1_INITIALIZERS[key]()
        return _from_keras(argument, value, "initializers", "an initializer")
    if isinstance(value, dict):
        return _from_keras(argument, value, "initializers", "an initializer")
    raise invalid(argument, "an initializer (callable, initializer object or name)", value)


def regularizer(argument: str, value: Any) -> Callable[[Any], Any] | None:
    return _callable_or_keras(argument, value, "regularizers", "a regularizer")


def constraint(argument: str, value: Any) -> Callable[[Any], Any] | None:
    return _callable_or_keras(argument, value, "constraints", "a constraint")


def activation(value: Any) -> Callable[[Any], Any] | None:
    if value is None or callable(value):
        return value
    if isinstance(value, str):
        if value.lower() == "linear":
            return None
        return _from_keras("activation", value, "activations", "an activation")
    raise invalid("activation", "a callable or the name of an activation", value)


def _callable_or_keras(argument: str, value: Any, module: str, what: str) -> Any:
    if value is None or callable(value):
        return value
    if isinstance(value, (str, dict)):
        return _from_keras(argument, value, module, what)
    raise invalid(argument, f"{what} (callable, object or name)", value)


def _from_keras(argument: str, value: Any, module: str, what: str) -> Any:
    import keras  # deferred: only string names need it

    try:
        resolved = getattr(keras, module).get(value)
    except (ValueError, TypeError):
        resolved = None
    if resolved is None:
        raise invalid(argument, f"{what} (callable, object or a known name)", value)
    return resolved
