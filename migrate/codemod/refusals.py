"""Why a v1 call cannot be rewritten with certainty: the refusing diagnostics.

Each reason is a (code, message) pair; the message says what was found, why it
matters under Keras 3, and what the user should change before running the tool
again. The transformer leaves a refused call exactly as it was.
"""

from __future__ import annotations

from migrate.codemod.arguments import Bound, code, literal

__all__ = ["refusals"]


def refusals(
    bound: Bound,
    *,
    function: bool,
    shared: bool,
    control_flow: bool,
    scope_defaults: set[str],
    reused_names: set[str],
    weights: tuple[str, ...] = ("depthwise", "pointwise"),
    layer: str = "SeparableConv1D",
    bias: bool = True,
) -> list[tuple[str, str]]:
    """Every reason a v1 call cannot be rewritten with certainty, as (code, message).

    Args:
      bound: the call's arguments bound to the v1 signature.
      function: whether it is the functional form (`separable_conv1d`).
      shared: whether it runs under variable reuse (scope reuse, make_template).
      control_flow: whether it is inside a function given to TensorFlow control flow.
      scope_defaults: the `variable_scope` defaults that reach it ("initializer", ...).
      reused_names: literal names that other calls of the module pass with `reuse=`.
      weights: the layer's weights other than the bias (`("kernel",)` for Dense).
      layer: the Keras 3 class the call would become (named in messages).
      bias: whether the layer has a bias weight.
    """
    found: list[tuple[str, str]] = []
    if bound.splat:
        found.append(
            (
                "TF1M103-splat",
                "`*args`/`**kwargs` hide which arguments the call receives, so they cannot "
                "be mapped. Spell the arguments out, then run the tool again.",
            )
        )
    if bound.problems:
        found.append(
            (
                "TF1M108-bad-arguments",
                f"The call does not match the v1 signature ({'; '.join(bound.problems)}); "
                "it raised TypeError before migration too. Fix the call first.",
            )
        )
    for private in ("_reuse", "_scope"):
        if private in bound.params:
            found.append(
                (
                    "TF1M107-private-argument",
                    f"`{private}=` is a private v1 argument that controls variable scopes "
                    "and sharing, which Keras 3 layers do not have. Remove it (share a "
                    "layer object instead), then run the tool again.",
                )
            )
    if function and "inputs" not in bound.params and not bound.splat:
        found.append(("TF1M108-bad-arguments", "The call has no `inputs` argument; fix it first."))
    if "reuse" in bound.params:
        ok, value = literal(bound.value("reuse"))
        if not (ok and value in (None, False)):
            found.append(
                (
                    "TF1M101-reuse",
                    f"`reuse={code(bound.value('reuse'))}` shares variables with another "
                    "call of the same name; Keras 3 shares weights only by calling one layer "
                    "object twice. Create the layer once (`layer = "
                    f"keras.layers.{layer}(...)`) and call it at both places.",
                )
            )
    ok, name = literal(bound.value("name"))
    if "reuse" not in bound.params and ok and name in reused_names:
        found.append(
            (
                "TF1M102-shared-scope",
                f"Another call in this module reuses the variables of name {name!r} "
                "(reuse=...), so it shares this call's weights; a Keras layer here would "
                "leave that call without them. Create the layer once and call it at each "
                "place, then run the tool again.",
            )
        )
    ok_t, trainable = literal(bound.value("trainable"))
    frozen = "trainable" in bound.params and not (ok_t and trainable is True)
    regularized = [
        f"{w}_regularizer"
        for w in (*weights, *(("bias",) if bias else ()))
        if f"{w}_regularizer" in bound.params
        and literal(bound.value(f"{w}_regularizer")) != (True, None)
    ]
    if frozen and regularized:
        found.append(
            (
                "TF1M113-frozen-regularizer",
                f"With trainable={code(bound.value('trainable'))}, v1 still added the "
                f"{', '.join(regularized)} loss to the regularization losses (a constant), "
                "while Keras 3 counts weight regularizers of trainable weights only, so the "
                "total loss would change. Remove the regularizer (it has no gradient effect "
                "on frozen weights) or make the layer trainable, then run the tool again.",
            )
        )
    if shared:
        found.append(
            (
                "TF1M102-shared-scope",
                "This call runs under a variable_scope that reuses variables (reuse=, "
                "reuse_variables() or make_template), so several calls share one set of "
                "weights; separate Keras layers would not. Create the layer once and call "
                "it at each place, then run the tool again.",
            )
        )
    if control_flow:
        found.append(
            (
                "TF1M109-control-flow",
                "This call is inside a function given to TensorFlow control flow "
                "(tf.cond, tf.while_loop, ...). TF1 created its variables once when the graph "
                "was built; Keras would create a new layer each time the branch or loop body "
                "runs. Create the layer outside and call it inside.",
            )
        )
    inherited = _inherited(bound, scope_defaults, (*weights, *(("bias",) if bias else ())))
    if inherited:
        found.append(
            (
                "TF1M112-scope-defaults",
                f"An enclosing variable scope sets {', '.join(sorted(inherited))}, which "
                "this call inherits for the weights it leaves unset; Keras 3 ignores "
                "variable scopes. Pass the initializer/regularizer explicitly, then run the "
                "tool again.",
            )
        )
    return found


def _inherited(bound: Bound, defaults: set[str], weights: tuple[str, ...]) -> set[str]:
    """The scope defaults that reach weights this call leaves unset (`weights`: all of
    the layer's weights, the bias included)."""

    def unset(param: str) -> bool:
        ok, value = literal(bound.value(param))
        return param not in bound.params or (ok and value is None)

    inherited = {d for d in defaults if d in ("custom_getter", "partitioner", "**kwargs")}
    if "initializer" in defaults:
        bias_none = "bias_initializer" in bound.params and unset("bias_initializer")
        kernels = [w for w in weights if w != "bias"]
        if any(unset(f"{w}_initializer") for w in kernels) or bias_none:
            inherited.add("initializer")
    for default in ("regularizer", "constraint"):
        if default in defaults and any(unset(f"{w}_{default}") for w in weights):
            inherited.add(default)
    return inherited
