"""The transformer: one pass over a module that rewrites or refuses each candidate.

Decisions on single arguments live in `_arguments`, module-wide facts in `_scan`,
layout-preserving list edits in `_edit`; this module walks the tree, tracks the
enclosing variable scopes, functions and lambdas, and assembles the new calls.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import PositionProvider, QualifiedNameProvider, ScopeProvider

from migrate._arguments import (
    KERAS2_IGNORED,
    KERAS2_PARAMS,
    V1_CLASS_PARAMS,
    V1_FUNCTION_PARAMS,
    Drop,
    Keep,
    Refuse,
    Replace,
    bind,
    code,
    literal,
    map_initializer,
    map_regularizer,
)
from migrate._edit import edit_args, keyword_arg
from migrate._imports import add_import, remove_unused_from_imports
from migrate._names import (
    CANDIDATE_NAMES,
    PARTIAL,
    VARIABLE_SCOPE,
    Kind,
    classify,
    tensorflow_name,
)
from migrate._result import Diagnostic, LayerRecord
from migrate._scan import VARIABLE_SCOPE_PARAMS, ModuleScan, scan_module

__all__ = ["Migrator"]

# variable_scope arguments that change what a get_variable inside it creates.
_SCOPE_DEFAULTS = ("initializer", "regularizer", "constraint", "custom_getter", "partitioner")
# Methods and attributes of the v1 layer that Keras 3 layers do not have.
_V1_ONLY = frozenset({"apply", "get_losses_for", "get_updates_for", "scope_name", "graph"})
_ONE = (1, (1,), [1])
# Defaults Keras 3 accepts verbatim: kept (not dropped) when a comment is attached.
_KEEP_WITH_COMMENT = frozenset(
    {
        "strides",
        "dilation_rate",
        "depth_multiplier",
        "padding",
        "activation",
        "use_bias",
        "trainable",
        "name",
        "depthwise_regularizer",
        "pointwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "pointwise_constraint",
        "bias_constraint",
    }
)


def _causal_arg(name: str, constant: object) -> bool:
    return name == "padding" and isinstance(constant, str) and constant.lower() == "causal"


def _has_comment(arg: cst.Arg) -> bool:
    found = []

    class _Find(cst.CSTVisitor):
        def visit_Comment(self, node: cst.Comment) -> None:
            found.append(node)

    arg.visit(_Find())
    return bool(found)


class _Frame:
    """An enclosing `with variable_scope(...)`."""

    def __init__(self, name: str | None, defaults: tuple[str, ...]) -> None:
        self.name = name
        self.defaults = defaults


def _scope_frame(call: cst.Call) -> _Frame:
    bound = bind(call.args, VARIABLE_SCOPE_PARAMS, extra=True)
    ok, name = literal(bound.value("name_or_scope"))
    defaults = []
    for param in _SCOPE_DEFAULTS:
        ok_d, value = literal(bound.value(param))
        if param in bound.params and not (ok_d and value is None):
            defaults.append(param)
    if bound.splat:
        defaults.append("**kwargs")
    return _Frame(name if ok and isinstance(name, str) else None, tuple(defaults))


def _string(text: str, quote: str) -> cst.SimpleString:
    return cst.SimpleString(f"{quote}{text}{quote}")


def _lowered(node: cst.BaseExpression, value: str, quote: str) -> cst.BaseExpression:
    if isinstance(node, cst.SimpleString) and node.value.lower() != node.value:
        return node.with_changes(value=node.value.lower())
    if isinstance(node, cst.SimpleString):
        return node
    return _string(value.lower(), quote)


def _quote_of(call: cst.Call) -> str:
    """The quote character the call's own strings use (double by default)."""

    class _Quotes(cst.CSTVisitor):
        single = double = 0

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if node.quote.startswith("'"):
                _Quotes.single += 1
            else:
                _Quotes.double += 1

    call.visit(_Quotes())
    return "'" if _Quotes.single > _Quotes.double else '"'


def _as_keyword(arg: cst.Arg, name: str, value: cst.BaseExpression | None = None) -> cst.Arg:
    value = arg.value if value is None else value
    if arg.keyword is not None:
        return arg.with_changes(value=value)
    fresh = keyword_arg(name, value)
    return arg.with_changes(keyword=fresh.keyword, equal=fresh.equal, value=value)


def _int_size(value: object) -> int | None:
    """An int from a literal `3`, `(3,)` or `[3]`."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


class Migrator(cst.CSTTransformer):
    """The transformer behind `SeparableConv1DCommand` (see its docstring).

    Args:
      command: the command whose resolved metadata, context and warnings it uses.
      target: "keras" or "compat".
    """

    def __init__(self, command: Any, target: str) -> None:
        super().__init__()
        self._command = command
        self.target = target
        self.diagnostics: list[Diagnostic] = []
        self.layers: list[LayerRecord] = []
        self._scan = ModuleScan()
        self._frames: list[_Frame] = []
        self._pushed_frames: list[int] = []
        self._context: list[tuple[int, bool, bool, bool, int]] = []
        self._called: set[int] = set()
        self._bases: set[int] = set()
        self._partial_args: set[int] = set()
        self._rewritten: set[int] = set()
        self._from_imports: set[tuple[str, str]] = set()
        self._prefix: str | None = None
        self._new_import: str | None = None
        self._imports: list[str] = []
        self._indent = "    "
        self._changed = False
        self._lines: list[str] | None = None

    # ---- helpers -------------------------------------------------------------

    def _qualified(self, node: cst.CSTNode) -> set[str]:
        # Only names: libcst also gives a call `f(a)(b)`'s inner call the name of `f`.
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return set()
        return {q.name for q in self._command.get_metadata(QualifiedNameProvider, node, set())}

    def _report(self, node: cst.CSTNode, diagnostic_code: str, message: str) -> None:
        start = self._command.get_metadata(PositionProvider, node).start
        self.diagnostics.append(Diagnostic(start.line, start.column, diagnostic_code, message))
        self._command.warn(f"{start.line}:{start.column}: {diagnostic_code}: {message}")

    def _flags(self) -> tuple[bool, bool, bool]:
        """(under variable reuse, in a shared function, in a control-flow body)."""
        reuse = any(entry[1] for entry in self._context)
        shared = any(entry[2] for entry in self._context)
        control = any(entry[3] for entry in self._context)
        return reuse, shared, control

    def _v1_scope(self) -> str | None:
        start = 0
        for entry in self._context:
            if entry[4] >= 0:
                start = entry[4]  # frames pushed before this function do not apply
        names = [frame.name for frame in self._frames[start:]]
        if any(name is None for name in names):
            return None
        return "/".join(names)  # type: ignore[arg-type]

    def _keras_prefix(self, node: cst.CSTNode) -> str | None:
        """The expression naming Keras 3 at `node`, or None when it is shadowed there."""
        if self._prefix is None:
            scan = self._scan
            for alias in scan.tensorflow_aliases:
                if scan.global_counts.get(alias) == 1:
                    self._prefix = f"{alias}.keras"
                    break
            else:
                for alias in scan.keras_aliases:
                    if scan.global_counts.get(alias) == 1:
                        self._prefix = alias
                        break
                else:
                    if "keras" not in scan.names:
                        self._prefix = "keras"
                        self._new_import = "from tensorflow import keras"
                    else:
                        free = next(
                            n
                            for n in ("tf2", "tf_v2", "tensorflow_v2", "tf2_")
                            if n not in scan.names
                        )
                        self._prefix = f"{free}.keras"
                        self._new_import = f"import tensorflow as {free}"
        root = self._prefix.split(".")[0]
        scope = self._command.get_metadata(ScopeProvider, node, None)
        if self._new_import is None and scope is not None and root in scope:
            if any(a.scope is not scope.globals for a in scope[root]):
                return None
        return self._prefix

    def _use_keras(self) -> None:
        self._changed = True
        if self._new_import is not None and self._new_import not in self._imports:
            self._imports.append(self._new_import)

    def _use_compat(self) -> None:
        self._changed = True
        if "import compat_layers" not in self._imports:
            self._imports.append("import compat_layers")

    # ---- traversal state -----------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        self._scan = scan_module(node, self._qualified)
        self._indent = node.default_indent
        self._context.append((id(node), id(node) in self._scan.reuse_regions, False, False, -1))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self._changed and self._from_imports:
            updated_node = remove_unused_from_imports(updated_node, self._from_imports)
        for statement in self._imports:
            updated_node = add_import(updated_node, statement)
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = node.name.value
        scan = self._scan
        self._context.append(
            (
                id(node),
                id(node) in scan.reuse_regions,
                name in scan.shared_functions,
                name in scan.control_functions,
                len(self._frames),
            )
        )

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._context.pop()
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        scan = self._scan
        self._context.append(
            (
                id(node),
                False,
                id(node) in scan.shared_lambdas,
                id(node) in scan.control_lambdas,
                len(self._frames),
            )
        )

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        self._context.pop()
        return updated_node

    def visit_With(self, node: cst.With) -> None:
        pushed = 0
        for item in node.items:
            if isinstance(item.item, cst.Call) and self._scan.may_be(
                item.item.func, VARIABLE_SCOPE
            ):
                if tensorflow_name(self._qualified(item.item.func)) in VARIABLE_SCOPE:
                    self._frames.append(_scope_frame(item.item))
                    pushed += 1
        self._context.append((id(node), id(node) in self._scan.reuse_regions, False, False, -1))
        self._pushed_frames.append(pushed)

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        self._context.pop()
        for _ in range(self._pushed_frames.pop()):
            self._frames.pop()
        return updated_node

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if (
            node.module is not None
            and not node.relative
            and not isinstance(node.names, cst.ImportStar)
        ):
            module = code(node.module)
            for alias in node.names:
                if classify({f"{module}.{alias.evaluated_name}"}) is not None:
                    self._from_imports.add((module, alias.evaluated_name))
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bases.update(id(base.value) for base in node.bases)

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))
        if (
            node.args
            and self._scan.may_be(node.func, frozenset({"partial"}))
            and self._qualified(node.func) & PARTIAL
        ):
            self._partial_args.add(id(node.args[0].value))

    # ---- references that are not calls ---------------------------------------

    def _reference(
        self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        if id(original) in self._called or not self._scan.may_be(original, CANDIDATE_NAMES):
            return updated
        kind = classify(self._qualified(original))
        if kind is None or kind is Kind.KERAS2_CLASS:
            return updated
        if self.target == "compat":
            self._use_compat()
            attr = "separable_conv1d" if kind is Kind.V1_FUNCTION else "SeparableConv1D"
            new = cst.parse_expression(f"compat_layers.{attr}")
            return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        text = code(original)
        if id(original) in self._bases:
            self._report(
                original,
                "TF1M106-subclass",
                f"A class derives from the v1 layer `{text}`; its methods rely on v1 internals "
                "(variable scopes, `apply`, `_reuse`). Port the subclass to "
                "`keras.layers.SeparableConv1D` by hand, or use --target compat.",
            )
        elif id(original) in self._partial_args:
            self._report(
                original,
                "TF1M105-partial",
                f"`functools.partial({text}, ...)` binds v1 arguments whose calls happen "
                "elsewhere, so they cannot be mapped here. Replace the partial with a function "
                "that calls the layer, then run the tool again.",
            )
        else:
            self._report(
                original,
                "TF1M104-reference",
                f"`{text}` is referenced without being called (alias, registry entry or "
                "argument), so its arguments are unknown here. Call it directly where it is "
                "used, or use --target compat.",
            )
        return updated

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        attr = original_node.attr.value
        if (
            attr in _V1_ONLY
            and self.target == "keras"
            and id(original_node) not in self._called
            and self._instance_status(original_node.value) == "rewritten"
        ):
            self._report(
                original_node,
                "TF1M131-v1-attribute",
                f"`.{attr}` belongs to the v1 layer; the migrated Keras 3 layer has none. "
                "Use the Keras equivalent (`.name`, `.losses`, `.weights`).",
            )
        return self._reference(original_node, updated_node)

    # ---- calls -----------------------------------------------------------------

    def _instance_status(self, receiver: cst.BaseExpression) -> str | None:
        """'rewritten' when the receiver is always a migrated v1 layer, 'mixed'
        when it may be one, None when it is none."""
        if isinstance(receiver, cst.Call):
            if id(receiver) in self._rewritten:
                return "rewritten"
            return None
        if isinstance(receiver, cst.Name):
            scope = self._command.get_metadata(ScopeProvider, receiver, None)
            if scope is None or receiver.value not in scope:
                return None
            calls = [self._scan.instances.get(id(a.node)) for a in scope[receiver.value]]
        elif isinstance(receiver, cst.Attribute):
            calls = self._scan.attribute_instances.get(code(receiver), [])
        else:
            return None
        if not any(call is not None for call in calls):
            return None
        if all(call is not None and call in self._rewritten for call in calls):
            return "rewritten"
        return "mixed"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if (
            self.target == "keras"
            and isinstance(func, cst.Attribute)
            and func.attr.value in _V1_ONLY
        ):
            status = self._instance_status(func.value)
            if status == "rewritten" and func.attr.value == "apply":
                self._changed = True
                receiver = updated_node.func.value  # type: ignore[attr-defined]
                return updated_node.with_changes(func=receiver)
            if status is not None:
                self._report(
                    original_node,
                    "TF1M130-apply" if func.attr.value == "apply" else "TF1M131-v1-attribute",
                    f"`.{func.attr.value}(...)` is called on an object that is, or may be, a "
                    "v1 layer this tool rewrote or could not rewrite everywhere; Keras 3 layers "
                    "have no such method. Call the layer (`layer(x)`) instead.",
                )
            return updated_node
        if not self._scan.may_be(func, CANDIDATE_NAMES):
            return updated_node
        kind = classify(self._qualified(func))
        if kind is None:
            return updated_node
        if kind is Kind.KERAS2_CLASS:
            return self._migrate_keras2(original_node, updated_node)
        if self.target == "compat":
            return self._migrate_compat(original_node, updated_node, kind)
        return self._migrate_v1(original_node, updated_node, kind)

    def _record(self, node: cst.Call, v1_name: str | None, keras_name: str | None) -> None:
        start = self._command.get_metadata(PositionProvider, node).start
        self.layers.append(
            LayerRecord(start.line, start.column, self._v1_scope(), v1_name, keras_name)
        )

    def _migrate_compat(self, original: cst.Call, updated: cst.Call, kind: Kind) -> cst.Call:
        self._use_compat()
        attr = "separable_conv1d" if kind is Kind.V1_FUNCTION else "SeparableConv1D"
        params = V1_FUNCTION_PARAMS if kind is Kind.V1_FUNCTION else V1_CLASS_PARAMS
        ok, name = literal(bind(original.args, params, extra=True).value("name"))
        name = name if ok and isinstance(name, str) else None
        self._record(original, name, name)
        return updated.with_changes(func=cst.parse_expression(f"compat_layers.{attr}"))

    def _refusals(self, bound, kind: Kind) -> list[tuple[str, str]]:
        refusals = []
        if bound.splat:
            refusals.append(
                (
                    "TF1M103-splat",
                    "`*args`/`**kwargs` hide which arguments the call receives, so they cannot "
                    "be mapped. Spell the arguments out, then run the tool again.",
                )
            )
        if bound.problems:
            refusals.append(
                (
                    "TF1M108-bad-arguments",
                    f"The call does not match the v1 signature ({'; '.join(bound.problems)}); "
                    "it raised TypeError before migration too. Fix the call first.",
                )
            )
        for private in ("_reuse", "_scope"):
            if private in bound.params:
                refusals.append(
                    (
                        "TF1M107-private-argument",
                        f"`{private}=` is a private v1 argument that controls variable scopes "
                        "and sharing, which Keras 3 layers do not have. Remove it (share a "
                        "layer object instead), then run the tool again.",
                    )
                )
        if kind is Kind.V1_FUNCTION and "inputs" not in bound.params and not bound.splat:
            refusals.append(
                ("TF1M108-bad-arguments", "The call has no `inputs` argument; fix it first.")
            )
        if "reuse" in bound.params:
            ok, value = literal(bound.value("reuse"))
            if not (ok and value in (None, False)):
                refusals.append(
                    (
                        "TF1M101-reuse",
                        f"`reuse={code(bound.value('reuse'))}` shares variables with another "
                        "call of the same name; Keras 3 shares weights only by calling one layer "
                        "object twice. Create the layer once (`layer = "
                        "keras.layers.SeparableConv1D(...)`) and call it at both places.",
                    )
                )
        ok, name = literal(bound.value("name"))
        if "reuse" not in bound.params and ok and name in self._scan.reused_names:
            refusals.append(
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
            for w in ("depthwise", "pointwise", "bias")
            if f"{w}_regularizer" in bound.params
            and literal(bound.value(f"{w}_regularizer")) != (True, None)
        ]
        if frozen and regularized:
            refusals.append(
                (
                    "TF1M113-frozen-regularizer",
                    f"With trainable={code(bound.value('trainable'))}, v1 still added the "
                    f"{', '.join(regularized)} loss to the regularization losses (a constant), "
                    "while Keras 3 counts weight regularizers of trainable weights only, so the "
                    "total loss would change. Remove the regularizer (it has no gradient effect "
                    "on frozen weights) or make the layer trainable, then run the tool again.",
                )
            )
        reuse, shared, control = self._flags()
        if reuse or shared:
            refusals.append(
                (
                    "TF1M102-shared-scope",
                    "This call runs under a variable_scope that reuses variables (reuse=, "
                    "reuse_variables() or make_template), so several calls share one set of "
                    "weights; separate Keras layers would not. Create the layer once and call "
                    "it at each place, then run the tool again.",
                )
            )
        if control:
            refusals.append(
                (
                    "TF1M109-control-flow",
                    "This call is inside a function given to TensorFlow control flow "
                    "(tf.cond, tf.while_loop, ...). TF1 created its variables once when the graph "
                    "was built; Keras would create a new layer each time the branch or loop body "
                    "runs. Create the layer outside and call it inside.",
                )
            )
        defaults = {d for frame in self._frames for d in frame.defaults}
        if self._scan.scope_setters:
            defaults.add("initializer")
            defaults.add("regularizer")
        inherited = self._inherited(bound, defaults)
        if inherited:
            refusals.append(
                (
                    "TF1M112-scope-defaults",
                    f"An enclosing variable scope sets {', '.join(sorted(inherited))}, which "
                    "this call inherits for the weights it leaves unset; Keras 3 ignores "
                    "variable scopes. Pass the initializer/regularizer explicitly, then run the "
                    "tool again.",
                )
            )
        return refusals

    @staticmethod
    def _inherited(bound, defaults: set[str]) -> set[str]:
        def unset(param: str) -> bool:
            ok, value = literal(bound.value(param))
            return param not in bound.params or (ok and value is None)

        inherited = {d for d in defaults if d in ("custom_getter", "partitioner", "**kwargs")}
        if "initializer" in defaults:
            bias_none = "bias_initializer" in bound.params and unset("bias_initializer")
            if unset("depthwise_initializer") or unset("pointwise_initializer") or bias_none:
                inherited.add("initializer")
        for default in ("regularizer", "constraint"):
            if default in defaults and any(
                unset(f"{w}_{default}") for w in ("depthwise", "pointwise", "bias")
            ):
                inherited.add(default)
        return inherited

    def _migrate_v1(self, original: cst.Call, updated: cst.Call, kind: Kind) -> cst.BaseExpression:
        function = kind is Kind.V1_FUNCTION
        bound = bind(
            updated.args, V1_FUNCTION_PARAMS if function else V1_CLASS_PARAMS, extra=not function
        )
        refusals = self._refusals(bound, kind)
        prefix = self._keras_prefix(original)
        if prefix is None:
            root = (self._prefix or "").split(".")[0]
            refusals.append(
                (
                    "TF1M160-shadowed-prefix",
                    f"`{root}` is rebound locally here, so the Keras 3 layer cannot be named "
                    "through it. Rename the local variable, then run the tool again.",
                )
            )
        if refusals:
            for diagnostic_code, message in refusals:
                self._report(original, diagnostic_code, message)
            return updated
        assert prefix is not None
        quote = _quote_of(original)
        qualified = self._qualified
        replacements: list[cst.Arg | None] = []
        notes: list[tuple[str, str]] = []
        inputs: cst.BaseExpression | None = None
        causal = False
        data_format: cst.BaseExpression | None = None
        v1_name = keras_name = None
        for source_arg, arg, name in zip(original.args, updated.args, bound.names, strict=True):
            new: cst.Arg | None = _as_keyword(arg, name) if name else arg
            # Decide on the original node (metadata lives there); emit the updated one,
            # which holds any nested call already rewritten.
            value = source_arg.value
            ok, constant = literal(value)
            if name in KERAS2_IGNORED:
                new = None
                notes.append(self._ignored_note(name))
            elif name == "inputs":
                inputs, new = arg.value, None
            elif name == "reuse":
                new = None
            elif name in ("filters", "kernel_size"):
                new = arg
            elif name in ("strides", "dilation_rate", "depth_multiplier"):
                if ok and constant in _ONE:
                    new = None
            elif name == "padding":
                if ok and isinstance(constant, str):
                    lowered = constant.lower()
                    if lowered in ("valid", "causal"):
                        causal = causal or lowered == "causal"
                        new = None
                    else:
                        new = _as_keyword(arg, name, _lowered(arg.value, constant, quote))
                elif not ok:
                    notes.append(
                        (
                            "TF1M120-runtime-padding",
                            f"`padding={code(value)}` is computed at run time; the call was "
                            "rewritten, and Keras 3 raises ValueError if the value is 'causal' "
                            "(v1 accepted it). If it can be, compute the padding statically.",
                        )
                    )
            elif name == "data_format":
                if ok and isinstance(constant, str):
                    new = _as_keyword(arg, name, _lowered(arg.value, constant, quote))
                data_format = new.value if new is not None else None
            elif name == "activation":
                if ok and constant is None:
                    new = None
            elif name in ("use_bias", "trainable"):
                if ok and constant is True:
                    new = None
            elif name.endswith("_initializer"):
                decision = map_initializer(
                    value, qualified, prefix, default_none=name != "bias_initializer"
                )
                if name == "bias_initializer" and isinstance(decision, Replace):
                    if code(decision.value).endswith(".initializers.Zeros()"):
                        decision = Drop()
                new = self._decide(arg, name, decision, original, refusals)
            elif name.endswith("_regularizer"):
                decision = map_regularizer(value, qualified, prefix)
                new = self._decide(arg, name, decision, original, refusals)
            elif name.endswith("_constraint") and name in V1_CLASS_PARAMS:
                if ok and constant is None:
                    new = None
            elif name == "name":
                if ok and constant is None:
                    new = None
                elif ok and isinstance(constant, str):
                    v1_name = constant
                    scope = self._v1_scope()
                    keras_name = (f"{scope}/{constant}" if scope else constant).replace("/", "_")
                    if "/" in constant:
                        notes.append(
                            (
                                "TF1M150-name-sanitised",
                                f"Keras 3 rejects '/' in layer names: name {constant!r} became "
                                f"{keras_name!r} (recorded in the layer map for checkpoints).",
                            )
                        )
                    if keras_name != constant:
                        new = _as_keyword(arg, name, _string(keras_name, quote))
            if new is None and name in _KEEP_WITH_COMMENT and not _causal_arg(name, constant):
                if _has_comment(arg):
                    new = _as_keyword(arg, name)  # the default stays where its comment is
            replacements.append(new)
        if refusals:
            for diagnostic_code, message in refusals:
                self._report(original, diagnostic_code, message)
            return updated
        additions = []
        if causal:
            pad = self._causal_padding(bound)
            if pad is None:
                self._report(
                    original,
                    "TF1M122-causal-dynamic",
                    "padding='causal' needs the left padding dilation_rate * (kernel_size - 1), "
                    "but kernel_size or dilation_rate is a literal that is not one integer. Pad "
                    "with keras.layers.ZeroPadding1D yourself.",
                )
                return updated
            additions.append(keyword_arg("padding", _string("valid", quote)))
        if data_format is None and "data_format" not in bound.params:
            data_format = _string("channels_last", quote)
            additions.append(keyword_arg("data_format", data_format))
        args, before = edit_args(
            updated.args, replacements, additions, updated.whitespace_before_args
        )
        for diagnostic_code, message in notes:
            self._report(original, diagnostic_code, message)
        self._use_keras()
        layer = cst.Call(
            func=cst.parse_expression(f"{prefix}.layers.SeparableConv1D"),
            args=args,
            whitespace_after_func=updated.whitespace_after_func,
            whitespace_before_args=before,
        )
        result: cst.BaseExpression = layer
        if causal:
            result = self._sequential(original, prefix, pad, data_format, layer, quote)
            if not function:
                self._report(original, *self._sequential_note())
        if function:
            result = cst.Call(func=result, args=[cst.Arg(value=inputs)])
        result = result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        self._rewritten.add(id(original))
        self._record(original, v1_name, keras_name)
        return result

    def _decide(self, arg, name, decision, original, refusals) -> cst.Arg | None:
        if isinstance(decision, Drop):
            return None
        if isinstance(decision, Keep):
            return _as_keyword(arg, name)
        if isinstance(decision, Replace):
            return _as_keyword(arg, name, decision.value)
        assert isinstance(decision, Refuse)
        refusals.append((decision.code, decision.message))
        return _as_keyword(arg, name)

    @staticmethod
    def _ignored_note(name: str) -> tuple[str, str]:
        return (
            "TF1M140-ignored-argument",
            f"`{name}=` was removed: SeparableConv1D has depthwise and pointwise kernels, so "
            "Keras 2 accepted this argument and silently ignored it (it had no effect), while "
            "Keras 3 rejects it. Use depthwise_*/pointwise_* if you meant to set them.",
        )

    @staticmethod
    def _sequential_note() -> tuple[str, str]:
        return (
            "TF1M123-causal-sequential",
            "padding='causal' became a keras.Sequential of ZeroPadding1D and a 'valid' "
            "SeparableConv1D (numerically equal). The object is now the Sequential: reach the "
            "convolution's attributes (depthwise_kernel, ...) through `.layers[1]`.",
        )

    @staticmethod
    def _causal_padding(bound) -> str | None:
        """Source of the left padding dilation_rate * (kernel_size - 1), folded when literal."""

        def term(node: cst.BaseExpression | None, default: int) -> int | str | None:
            if node is None:
                return default
            ok, value = literal(node)
            if ok:
                return _int_size(value)
            text = code(node).strip()
            atomic = isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript))
            return text if atomic else f"({text})"

        kernel = term(bound.value("kernel_size"), 1)
        dilation = term(bound.value("dilation_rate"), 1)
        if kernel is None or dilation is None:
            return None
        if isinstance(kernel, int) and isinstance(dilation, int):
            return str(dilation * (kernel - 1))
        taps = str(kernel - 1) if isinstance(kernel, int) else f"({kernel} - 1)"
        if dilation == 1:
            return taps.strip("()") if taps.startswith("(") else taps
        return f"{dilation} * {taps}"

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self._command.module.code.splitlines()
        return self._lines[number - 1]

    def _sequential(
        self,
        original: cst.Call,
        prefix: str,
        pad: str,
        data_format: cst.BaseExpression | None,
        conv: cst.Call,
        quote: str,
    ) -> cst.Call:
        # Indent relative to the line the call starts on, which may be deeper
        # than its block (a call inside a multi-line list).
        line = self._line(self._command.get_metadata(PositionProvider, original).start.line)
        base = line[: len(line) - len(line.lstrip(" \t"))]

        def newline(levels: int) -> cst.ParenthesizedWhitespace:
            return cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(),
                indent=False,
                last_line=cst.SimpleWhitespace(base + self._indent * levels),
            )

        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        padding_args = [keyword_arg("padding", cst.parse_expression(f"({pad}, 0)"))]
        if data_format is not None:
            padding_args = [
                padding_args[0].with_changes(comma=space),
                keyword_arg("data_format", data_format.deep_clone()),
            ]
        padding = cst.Call(
            func=cst.parse_expression(f"{prefix}.layers.ZeroPadding1D"), args=padding_args
        )
        elements = cst.List(
            elements=[
                cst.Element(padding, comma=cst.Comma(whitespace_after=newline(2))),
                cst.Element(conv, comma=cst.Comma(whitespace_after=newline(1))),
            ],
            lbracket=cst.LeftSquareBracket(whitespace_after=newline(2)),
        )
        return cst.Call(
            func=cst.parse_expression(f"{prefix}.Sequential"),
            args=[cst.Arg(value=elements, whitespace_after_arg=newline(0))],
            whitespace_before_args=newline(1),
        )

    def _migrate_keras2(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        bound = bind(updated.args, KERAS2_PARAMS, extra=True)
        if bound.splat or bound.problems:
            return updated
        ignored = [name for name in KERAS2_IGNORED if name in bound.params]
        padding = bound.value("padding")
        ok, constant = literal(padding)
        if padding is not None and not ok:
            self._report(
                original,
                "TF1M120-runtime-padding",
                f"`padding={code(padding)}` is computed at run time and Keras 2 accepted "
                "'causal', which Keras 3 rejects; the call was left unchanged. If the value can be "
                "'causal', compute it statically so the tool can rewrite the layer.",
            )
            return updated
        causal = ok and isinstance(constant, str) and constant.lower() == "causal"
        if not ignored and not causal:
            return updated
        pad = self._causal_padding(bound) if causal else "0"
        prefix = self._keras_prefix(original) if causal else ""
        if pad is None or prefix is None:
            self._report(
                original,
                "TF1M122-causal-dynamic" if pad is None else "TF1M160-shadowed-prefix",
                "padding='causal' needs the left padding dilation_rate * (kernel_size - 1) and a "
                "name for Keras 3: kernel_size/dilation_rate must each be one integer and the "
                "Keras module must not be shadowed here. The call was left unchanged.",
            )
            return updated
        quote = _quote_of(original)
        replacements: list[cst.Arg | None] = []
        for arg, name in zip(updated.args, bound.names, strict=True):
            if name in KERAS2_IGNORED or (causal and name == "padding"):
                replacements.append(None)
            elif arg.keyword is None and name not in ("filters", "kernel_size"):
                replacements.append(_as_keyword(arg, name))  # positions shift
            else:
                replacements.append(arg)
        additions = [keyword_arg("padding", _string("valid", quote))] if causal else []
        args, before = edit_args(
            updated.args, replacements, additions, updated.whitespace_before_args
        )
        for name in ignored:
            self._report(original, *self._ignored_note(name))
        self._changed = True
        conv = updated.with_changes(args=args, whitespace_before_args=before, lpar=(), rpar=())
        if not causal:
            return conv.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        self._use_keras()
        conv = conv.with_changes(func=cst.parse_expression(f"{prefix}.layers.SeparableConv1D"))
        self._report(original, *self._sequential_note())
        result = self._sequential(original, prefix, pad, bound.value("data_format"), conv, quote)
        return result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
