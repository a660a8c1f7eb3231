"""One way to derive a TF1 functional form (`conv2d(inputs, ...)`) from its layer class.

Every functional form of `tf.compat.v1.layers` did the same thing: build the layer
from its arguments, with `_scope=name, _reuse=reuse`, and apply it to `inputs`. Their
signatures are the class's constructor with `inputs` first and `reuse` last, except
where TF1 placed a call argument (`training`) or ordered things differently; those
differences are data given to `functional_form`, not code.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compat_layers.base import LegacyLayerWarning

__all__ = ["functional_form"]

_P = inspect.Parameter


def functional_form(
    cls: type,
    function_name: str,
    *,
    keras_name: str | None = None,
    call_arguments: Mapping[str, Any] | None = None,
    order: Sequence[str] | None = None,
    reuse: bool = True,
    required: Sequence[str] = (),
) -> Callable[..., Any]:
    """Returns the TF1 function `function_name` that builds a `cls` and applies it.

    Args:
      cls: The layer class.
      function_name: The function's name (`"conv2d"`).
      keras_name: The Keras 3 replacement named by the deprecation warning (default
        `cls.__name__`).
      call_arguments: Arguments passed to the layer's call rather than its constructor,
        with their defaults (`{"training": False}`).
      order: The parameter order after `inputs`, where TF1's differs from the class's.
      reuse: Whether the function takes `reuse` (pooling and flatten functions did not).
      required: Constructor parameters the function requires although the class gives
        them a default (TF1's pooling functions required `strides`).

    Returns:
      The function, with the TF1 signature (`inspect.signature` shows it).
    """
    call_arguments = dict(call_arguments or {})
    constructor = inspect.signature(cls.__init__)
    parameters = [
        parameter.replace(kind=_P.POSITIONAL_OR_KEYWORD)
        for name, parameter in constructor.parameters.items()
        if name != "self" and parameter.kind not in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD)
    ]
    parameters = [p.replace(default=_P.empty) if p.name in required else p for p in parameters] + [
        _P(name, _P.POSITIONAL_OR_KEYWORD, default=value) for name, value in call_arguments.items()
    ]
    if reuse:
        parameters.append(_P("reuse", _P.POSITIONAL_OR_KEYWORD, default=None))
    if order is not None:
        by_name = {p.name: p for p in parameters}
        if set(order) != set(by_name):
            raise ValueError(
                f"Invalid value for argument `order`. Expected the parameters "
                f"{sorted(by_name)}. Received: order={list(order)}"
            )
        parameters = [by_name[name] for name in order]
    signature = inspect.Signature(
        [_P("inputs", _P.POSITIONAL_OR_KEYWORD), *parameters],
        return_annotation=Any,
    )
    message = (
        f"`tf.layers.{function_name}` is deprecated and will be removed in a future version. "
        f"Instructions for updating: use `tf.keras.layers.{keras_name or cls.__name__}` "
        f"instead. `compat_layers.{function_name}` keeps TF1 code running; `tf1-migrate` "
        "(this project's codemod) rewrites such calls for you."
    )

    def function(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        warnings.warn(message, LegacyLayerWarning, stacklevel=2)
        inputs = arguments.pop("inputs")
        call_kwargs = {name: arguments.pop(name) for name in call_arguments}
        layer_kwargs = {"_scope": arguments.get("name")}
        if reuse:
            layer_kwargs["_reuse"] = arguments.pop("reuse")
        layer = cls(**arguments, **layer_kwargs)
        return layer(inputs, **call_kwargs)

    function.__name__ = function.__qualname__ = function_name
    function.__module__ = cls.__module__
    function.__signature__ = signature  # type: ignore[attr-defined]
    function.__doc__ = (
        f"Functional form of `{cls.__name__}`: builds the layer and applies it to `inputs`.\n\n"
        "`name` is the variable scope (repeating it without `reuse` raises, as in TF1)"
        + (
            " and `reuse=True` or `tf.compat.v1.AUTO_REUSE` shares the variables of an "
            "earlier call with the same name"
            if reuse
            else ""
        )
        + f". The other arguments are those of `{cls.__name__}`"
        + (
            f"; {', '.join(f'`{n}`' for n in call_arguments)} go to its call"
            if call_arguments
            else ""
        )
        + ".\n\nReturns:\n  The output tensor.\n"
    )
    return function
