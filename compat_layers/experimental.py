"""`compat_layers.experimental`: Keras-style variable management for TF1 layers and cells.

As in `tf.compat.v1.layers.experimental`: layers and RNN cells created inside
`keras_style_scope()` (or after `set_keras_style()`) manage their variables as Keras
layers do, by object rather than by variable scope. They take no `scope`/`reuse`
arguments (passing one raises ValueError), and two such layers never share
variables, which is what models holding several RNN cells need.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = ["keras_style_scope", "set_keras_style"]

_keras_style = False


@contextlib.contextmanager
def keras_style_scope() -> Iterator[None]:
    """Layers and cells created in this scope use Keras-style variable management.

    Example:

    >>> import compat_layers
    >>> with compat_layers.experimental.keras_style_scope():
    ...     layer = compat_layers.Layer(name="block")
    >>> layer._keras_style
    True
    """
    global _keras_style
    previous = _keras_style
    _keras_style = True
    try:
        yield
    finally:
        _keras_style = previous


def set_keras_style() -> None:
    """Every layer and cell created from now on uses Keras-style variable management.

    It is process-wide and cannot be undone, as in TensorFlow.
    """
    global _keras_style
    _keras_style = True


def in_keras_style_scope() -> bool:
    """Whether layers created now use Keras-style variable management."""
    return _keras_style
