"""The Keras 3 rewrite of a v1 layer call that has a `KerasSpec` (`keras_layers`).

`tf.layers.dense(x, 8, name="fc")` becomes `keras.layers.Dense(8, name="fc")(x)` and
`tf.layers.Conv2D(8, 3)` becomes `keras.layers.Conv2D(8, 3, data_format="channels_last")`,
each argument decided by the spec's table. A call with any refusal is left exactly
as it was, with one more diagnostic (TF1M182) saying that the legacy name it keeps
needs `--target compat` to run on Keras 3.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod.arguments import bind, code
from migrate.codemod.diagnostics import NOTES
from migrate.codemod.edit import edit_args, keyword_arg, quote_of, string
from migrate.codemod.layers import separable_notes as notes
from migrate.codemod.layers.keras_spec import KerasSpec
from migrate.codemod.layers.separable_arguments import V1Call, decide
from migrate.codemod.layers.separable_keras import may_have_bias

__all__ = ["not_rewritten", "rewrite"]


def not_rewritten(text: str, target: str) -> notes.Note:
    """TF1M180: a family member the Keras target does not rewrite (or not called)."""
    return (
        "TF1M180-compat-target-only",
        f"`{text}` was left unchanged: --target keras rewrites SeparableConv1D, Dense, the "
        "convolutions, pooling, Flatten, dropout and batch_normalization where they are "
        "called, and LSTM/GRU/basic RNN cells only inside the one dynamic_rnn or "
        "bidirectional_dynamic_rnn call that uses them. Run tf1-migrate with --target "
        "compat to make this run on Keras 3 "
        f"as `{target}` (same arguments, variables and numbers).",
    )


def rewrite(
    host: Any,
    original: cst.Call,
    updated: cst.Call,
    spec: KerasSpec,
    *,
    function: bool,
    kind: str,
    implicit: str | None = None,
) -> cst.BaseExpression:
    """The Keras 3 form of a v1 call described by `spec`, or `updated` when refused.

    Args:
      host: the transformer (`migrate.codemod.transformer.Migrator`).
      original: the call in the original tree.
      updated: the call with its children already transformed.
      spec: the layer's table.
      function: whether it is the function form.
      kind: what reports count it as (`"dense"`).
      implicit: the scope name TF1 gave the unnamed layer (`dense_1`), when certain.

    Returns:
      The new expression, or `updated` unchanged when the call is refused.
    """
    params = spec.function_params if function else spec.class_params
    bound = bind(updated.args, params, extra=not function)
    problems = host.refusals_for(
        bound, function, weights=spec.weights, bias=spec.bias, layer=spec.keras
    )
    # The first parameters after `inputs` (`units`; `filters` and `kernel_size`; ...) have
    # no default: a call without them raised TypeError before migration.
    required = spec.class_params[: spec.required]
    missing = [p for p in required if p not in bound.params]
    checked = [] if spec.check is None else spec.check(bound, host.positions.text)
    problems += [found for found in checked if found[0] not in NOTES]
    if not function and spec.function_only:
        problems.append(
            (
                "TF1M184-class-form-call-sites",
                f"`{code(original.func)}` objects take `training` where they are called; "
                "Keras 3 layers decide it from the call or from model.fit, v1 layers "
                "defaulted to False. Use the function form (`tf.layers.dropout(x, ..., "
                "training=...)`, `tf.layers.batch_normalization`) or --target compat.",
            )
        )
    if missing and not bound.splat:
        problems.append(
            (
                "TF1M108-bad-arguments",
                f"The call lacks the required argument(s) {', '.join(missing)}; it raised "
                "TypeError before migration too. Fix the call first.",
            )
        )
    prefix = host.keras_prefix(original)
    if prefix is None:
        problems.append(notes.shadowed_prefix(host.prefix_root()))
    call = V1Call(
        quote=quote_of(original),
        prefix=prefix or "keras",
        qualified=host.qualified,
        bias=spec.bias and may_have_bias(bound),
        scope=host.v1_scope(),
    )
    named = implicit is not None and call.scope and (spec.weights or spec.bias)
    if named:
        # An unnamed layer with weights TF1 numbered statically: name it so that
        # checkpoints map by name (`enc/dense_1` -> `enc_dense_1`).
        call.v1_name = implicit
        call.keras_name = f"{call.scope}/{implicit}".replace("/", "_")
    replacements = []
    if not problems:
        replacements = [
            decide(call, source, arg, name, spec.handlers)
            for source, arg, name in zip(original.args, updated.args, bound.names, strict=True)
        ]
        problems = call.problems
    if problems:
        for found in (*problems, notes.needs_compat(code(original.func), spec.keras)):
            host.report(original, *found)
        return updated
    additions = [
        keyword_arg(name, cst.parse_expression(source))
        for name, source in spec.defaults
        if name not in bound.params
    ]
    if named and "name" not in bound.params:
        additions.append(keyword_arg("name", string(call.keras_name, call.quote)))
    if spec.data_format and "data_format" not in bound.params:
        additions.append(keyword_arg("data_format", string("channels_last", call.quote)))
    args, before = edit_args(updated.args, replacements, additions, updated.whitespace_before_args)
    call.notes += notes.regularization_notes(bound.names, replacements)
    call.notes += [found for found in checked if found[0] in NOTES]
    for found in call.notes:
        host.report(original, *found)
    host.use_keras()
    result: cst.BaseExpression = cst.Call(
        func=cst.parse_expression(f"{prefix}.layers.{spec.keras}"),
        args=args,
        whitespace_after_func=updated.whitespace_after_func,
        whitespace_before_args=before,
    )
    if function:
        moved = [
            keyword_arg(name, call.call_args.get(name) or cst.parse_expression(default))
            for name, default in spec.call_args
        ]
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        inputs = [cst.Arg(value=call.inputs, comma=comma if moved else cst.MaybeSentinel.DEFAULT)]
        for i, arg in enumerate(moved[:-1]):
            moved[i] = arg.with_changes(comma=comma)
        result = cst.Call(func=result, args=[*inputs, *moved])
    result = result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
    host.mark_rewritten(original)
    host.record(original, call.v1_name, call.keras_name)
    host.count(kind)
    return result
