"""SeparableConv1D rewritten for Keras 3 (`--target keras`).

The transformer hands each call here: `rewrite_v1` for the v1 function and class
(signatures in `migrate.codemod.arguments`, one handler per argument in
`separable_arguments`, refusals in `migrate.codemod.refusals`, messages in
`separable_notes`), `rewrite_keras2` for Keras 2's class, which accepted
`padding='causal'` and ignored `kernel_*` arguments.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod.arguments import (
    KERAS2_IGNORED,
    KERAS2_PARAMS,
    V1_CLASS_PARAMS,
    V1_FUNCTION_PARAMS,
    Bound,
    bind,
    code,
    literal,
)
from migrate.codemod.causal import causal_padding
from migrate.codemod.edit import as_keyword, edit_args, keyword_arg, quote_of, string
from migrate.codemod.layers import separable_notes as notes
from migrate.codemod.layers.separable_arguments import V1Call, decide
from migrate.codemod.layers.separable_conv1d import SPEC

__all__ = ["may_have_bias", "rewrite_keras2", "rewrite_v1"]


def may_have_bias(bound: Bound) -> bool:
    """Whether the layer may have a bias: `use_bias` is absent or not a false literal."""
    if "use_bias" not in bound.params:
        return True
    ok, value = literal(bound.value("use_bias"))
    return not (ok and not value)


def _report_all(host: Any, node: cst.CSTNode, found: list[notes.Note]) -> None:
    for diagnostic_code, message in found:
        host.report(node, diagnostic_code, message)


def _kept(original: cst.Call) -> notes.Note:
    return notes.needs_compat(code(original.func), "SeparableConv1D")


def rewrite_v1(
    host: Any, original: cst.Call, updated: cst.Call, function: bool, implicit: str | None
) -> cst.BaseExpression:
    """The Keras 3 form of a v1 `separable_conv1d(...)` / `SeparableConv1D(...)` call.

    Args:
      host: the transformer (`migrate.codemod.transformer.Migrator`).
      original: the call in the original tree.
      updated: the call with its children already transformed.
      function: whether it is the function form.
      implicit: the name TF1 gave the unnamed layer, when statically certain.

    Returns:
      The new expression, or `updated` unchanged when the call is refused.
    """
    params = V1_FUNCTION_PARAMS if function else V1_CLASS_PARAMS
    bound = bind(updated.args, params, extra=not function)
    problems = host.refusals_for(bound, function)
    prefix = host.keras_prefix(original)
    if prefix is None:
        problems.append(notes.shadowed_prefix(host.prefix_root()))
    if problems:
        _report_all(host, original, [*problems, _kept(original)])
        return updated
    call = V1Call(
        quote=quote_of(original),
        prefix=prefix,
        qualified=host.qualified,
        bias=may_have_bias(bound),
        scope=host.v1_scope(),
    )
    if implicit is not None and call.scope:
        # An unnamed layer TF1 numbered statically: name it so checkpoints map.
        call.v1_name = implicit
        call.keras_name = f"{call.scope}/{implicit}".replace("/", "_")
    replacements = [
        decide(call, source, arg, name)
        for source, arg, name in zip(original.args, updated.args, bound.names, strict=True)
    ]
    if call.problems:
        _report_all(host, original, [*call.problems, _kept(original)])
        return updated
    quote = call.quote
    additions = []
    if call.keras_name is not None and "name" not in bound.params:
        additions.append(keyword_arg("name", string(call.keras_name, quote)))
    pad = None
    if call.causal:
        pad = causal_padding(bound.value("kernel_size"), bound.value("dilation_rate"))
        if pad is None:
            host.report(original, *notes.causal_dynamic(left_unchanged=False))
            return updated
        additions.append(keyword_arg("padding", string("valid", quote)))
    data_format = call.data_format
    if data_format is None and "data_format" not in bound.params:
        data_format = string("channels_last", quote)
        additions.append(keyword_arg("data_format", data_format))
    args, before = edit_args(updated.args, replacements, additions, updated.whitespace_before_args)
    call.notes += notes.regularization_notes(bound.names, replacements)
    # The class form's object outlives the call only when it is not called at once.
    kept = not function and not host.is_called(original)
    if call.permute:
        call.notes.append(notes.channels_first(kept, 2 if call.causal else 1))
    _report_all(host, original, call.notes)
    host.use_keras()
    layer = cst.Call(
        func=cst.parse_expression(f"{prefix}.layers.SeparableConv1D"),
        args=args,
        whitespace_after_func=updated.whitespace_after_func,
        whitespace_before_args=before,
    )
    result: cst.BaseExpression = layer
    if call.causal or call.permute:
        result = host.sequential(original, prefix, layer, pad, data_format, call.permute)
        if call.causal and kept:
            host.report(original, *notes.causal_sequential(2 if call.permute else 1))
    if function:
        result = cst.Call(func=result, args=[cst.Arg(value=call.inputs)])
    result = result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
    host.mark_rewritten(original)
    host.record(original, call.v1_name, call.keras_name)
    host.count(SPEC.names[0][1])
    return result


def rewrite_keras2(host: Any, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
    """A Keras 2 `SeparableConv1D(...)` call made valid for Keras 3 (same numbers).

    Args and Returns as `rewrite_v1` (without `function` and `implicit`).
    """
    bound = bind(updated.args, KERAS2_PARAMS, extra=True)
    if bound.splat or bound.problems:
        return updated
    ignored = [name for name in KERAS2_IGNORED if name in bound.params]
    padding = bound.value("padding")
    ok, constant = literal(padding)
    if padding is not None and not ok:
        host.report(original, *notes.runtime_padding_keras2(padding))
        return updated
    causal = ok and isinstance(constant, str) and constant.lower() == "causal"
    data_format = bound.value("data_format")
    ok_format, format_value = literal(data_format)
    bias = may_have_bias(bound)
    channels_first = isinstance(format_value, str) and format_value.lower() == "channels_first"
    if not ignored and not causal:
        # Nothing to migrate, but Keras 3 computes this layer differently from Keras 2.
        if ok_format and channels_first and bias:
            host.report(original, *notes.keras_channels_first())
        return updated
    if data_format is not None and not ok_format and bias:
        host.report(original, *notes.runtime_data_format(data_format))
        return updated
    permute = bias and channels_first
    pad = (
        causal_padding(bound.value("kernel_size"), bound.value("dilation_rate")) if causal else "0"
    )
    prefix = host.keras_prefix(original) if causal or permute else ""
    if pad is None:
        host.report(original, *notes.causal_dynamic(left_unchanged=True))
        return updated
    if prefix is None:
        host.report(original, *notes.shadowed_prefix_keras2())
        return updated
    quote = quote_of(original)
    replacements: list[cst.Arg | None] = []
    for arg, name in zip(updated.args, bound.names, strict=True):
        if name in KERAS2_IGNORED or (causal and name == "padding"):
            replacements.append(None)
        elif permute and name == "data_format":
            replacements.append(as_keyword(arg, name, string("channels_last", quote)))
        elif arg.keyword is None and name not in ("filters", "kernel_size"):
            replacements.append(as_keyword(arg, name))  # positions shift
        else:
            replacements.append(arg)
    additions = [keyword_arg("padding", string("valid", quote))] if causal else []
    args, before = edit_args(updated.args, replacements, additions, updated.whitespace_before_args)
    for name in ignored:
        host.report(original, *notes.ignored_argument(name))
    host.mark_changed()
    conv = updated.with_changes(args=args, whitespace_before_args=before, lpar=(), rpar=())
    if not causal and not permute:
        return conv.with_changes(lpar=updated.lpar, rpar=updated.rpar)
    host.use_keras()
    conv = conv.with_changes(func=cst.parse_expression(f"{prefix}.layers.SeparableConv1D"))
    kept = not host.is_called(original)
    if causal and kept:
        host.report(original, *notes.causal_sequential(2 if permute else 1))
    if permute:
        host.report(original, *notes.channels_first(kept, 2 if causal else 1))
        data_format = string("channels_last", quote)
    result = host.sequential(original, prefix, conv, pad if causal else None, data_format, permute)
    return result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
