"""The transformer: one pass over a module that rewrites or refuses each candidate.

Decisions on single arguments live in `_arguments`, module-wide facts in `_scan`,
layout-preserving list edits in `_edit`; this module walks the tree, tracks the
enclosing variable scopes, functions and lambdas, and assembles the new calls.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod.arguments import (
    KERAS2_IGNORED,
    KERAS2_PARAMS,
    V1_CLASS_PARAMS,
    V1_FUNCTION_PARAMS,
    Bound,
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
from migrate.codemod.causal import causal_padding, sequential
from migrate.codemod.edit import edit_args, keyword_arg
from migrate.codemod.implicit_names import AUTO_NAME, NONLINEAR, Effect, auto_name, call_effect
from migrate.codemod.imports import add_import, remove_unused_from_imports
from migrate.codemod.layers import (
    LAST_NAMES,
    MODULE_LAST_NAMES,
    FamilyName,
    lookup,
    unknown_member,
)
from migrate.codemod.names import (
    CANDIDATE_NAMES,
    PARTIAL,
    V1_ONLY_ATTRIBUTES,
    VARIABLE_SCOPE,
    Kind,
    classify,
    tensorflow_name,
)
from migrate.codemod.positions import Positions
from migrate.codemod.refusals import refusals
from migrate.codemod.scan import VARIABLE_SCOPE_PARAMS, ModuleScan, scan_module, subtree
from migrate.result import Diagnostic, LayerRecord

__all__ = ["Migrator"]

# variable_scope arguments that change what a get_variable inside it creates.
_SCOPE_DEFAULTS = ("initializer", "regularizer", "constraint", "custom_getter", "partitioner")
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
    return any(isinstance(node, cst.Comment) for node in subtree(arg, trivia=True))


def _may_have_bias(bound: Bound) -> bool:
    """Whether the layer may have a bias: `use_bias` is absent or not a false literal."""
    if "use_bias" not in bound.params:
        return True
    ok, value = literal(bound.value("use_bias"))
    return not (ok and not value)


def _runtime_data_format(value: cst.BaseExpression) -> tuple[str, str]:
    return (
        "TF1M125-runtime-data-format",
        f"`data_format={code(value)}` is computed at run time and the layer may have a bias. "
        "Keras 3.15 on TensorFlow adds a channels_first bias along the wrong axis when the "
        "output length equals `filters` (keras-team/keras PR #20386), which would silently "
        "change the numbers, and the tool cannot tell whether this value is 'channels_first'. "
        "The call was left unchanged: write data_format as a literal (or pass use_bias=False), "
        "then run the tool again.",
    )


def _channels_first_note(kept: bool, index: int) -> tuple[str, str]:
    message = (
        "Keras 3.15 on TensorFlow adds a channels_first bias along the last axis when the "
        "output length equals `filters` (a BiasAdd special case, keras-team/keras PR #20386), "
        "which would silently change the numbers. The layer therefore computes in "
        "channels_last between two Permute((2, 1)) layers in a keras.Sequential (numerically "
        "equal to v1; the weights keep their shapes and the layer its name). Once Keras "
        'is fixed, the simple form SeparableConv1D(..., data_format="channels_first") can '
        "be restored."
    )
    if kept:
        message += (
            " The object is now the Sequential: reach the convolution's attributes "
            f"(depthwise_kernel, ...) through `.layers[{index}]`."
        )
    return "TF1M124-channels-first-bias", message


def _keras_channels_first_note() -> tuple[str, str]:
    return (
        "TF1M126-keras-channels-first-bias",
        "This Keras layer needs no migration, but Keras 3.15 on TensorFlow adds a channels_first "
        "bias along the last axis when the output length equals `filters` (a BiasAdd special "
        "case, keras-team/keras PR #20386), so under Keras 3 it can silently give other numbers "
        "than under Keras 2. The call was left unchanged. Unless its output length never equals "
        "`filters`, compute in channels_last between two keras.layers.Permute((2, 1)) layers "
        "(what the tool emits for v1 layers, see TF1M124), or pass use_bias=False.",
    )


def _causal_note(index: int) -> tuple[str, str]:
    return (
        "TF1M123-causal-sequential",
        "padding='causal' became a keras.Sequential of ZeroPadding1D and a 'valid' "
        "SeparableConv1D (numerically equal). The object is now the Sequential: reach the "
        f"convolution's attributes (depthwise_kernel, ...) through `.layers[{index}]`.",
    )


class _Frame:
    """An enclosing `with variable_scope(...)`.

    `count` is how many unnamed v1 layers the block has run so far, `certain` whether
    that count is known statically, `depth` the nesting of loops and branches at the
    `with` (see `migrate.codemod.implicit_names`).
    """

    def __init__(self, name: str | None, defaults: tuple[str, ...]) -> None:
        self.name = name
        self.defaults = defaults
        self.count = 0
        self.certain = True
        self.depth = 0


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
    quotes = [node.quote[0] for node in subtree(call) if isinstance(node, cst.SimpleString)]
    return "'" if quotes.count("'") > quotes.count('"') else '"'


def _as_keyword(arg: cst.Arg, name: str, value: cst.BaseExpression | None = None) -> cst.Arg:
    value = arg.value if value is None else value
    if arg.keyword is not None:
        return arg.with_changes(value=value)
    fresh = keyword_arg(name, value)
    return arg.with_changes(keyword=fresh.keyword, equal=fresh.equal, value=value)


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
        self.kinds: dict[str, int] = {}
        self._scan = ModuleScan()
        self._frames: list[_Frame] = []
        self._pushed_frames: list[int] = []
        self._context: list[tuple[int, bool, bool, bool, int]] = []
        self._called: set[int] = set()
        self._outer: dict[int, cst.Call] = {}
        self._nonlinear = 0
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
        self.positions = Positions(cst.Module(body=[]))
        self._skipped: cst.CSTNode | None = None

    # ---- helpers -------------------------------------------------------------

    def _qualified(self, node: cst.CSTNode) -> set[str]:
        # Only names: libcst also gives a call `f(a)(b)`'s inner call the name of `f`.
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return set()
        # What QualifiedNameProvider would give, asked of the scope for this node only:
        # the provider visits every node of the module to set up the same lookup.
        scope = self._command.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return set()
        return {q.name for q in scope.get_qualified_names_for(node)}

    def _report(self, node: cst.CSTNode, diagnostic_code: str, message: str) -> None:
        line, column = self.positions.start(node)
        self.diagnostics.append(Diagnostic(line, column, diagnostic_code, message))
        self._command.warn(f"{line}:{column}: {diagnostic_code}: {message}")

    def _flags(self) -> tuple[bool, bool, bool]:
        """(under variable reuse, in a shared function, in a control-flow body)."""
        reuse = any(entry[1] for entry in self._context)
        shared = any(entry[2] for entry in self._context)
        control = any(entry[3] for entry in self._context)
        return reuse, shared, control

    def _frame_start(self) -> int:
        start = 0
        for entry in self._context:
            if entry[4] >= 0:
                start = entry[4]  # frames pushed before this function do not apply
        return start

    def _v1_scope(self) -> str | None:
        names = [frame.name for frame in self._frames[self._frame_start() :]]
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

    def on_visit(self, node: cst.CSTNode) -> bool:
        # A statement without anything to rewrite or report is not walked (nor rebuilt),
        # unless an unnamed-layer count is running: any call there may stop it.
        if id(node) in self._scan.plain and not (self._frames and self._frames[-1].certain):
            self._skipped = node
            return False
        return super().on_visit(node)

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        if original_node is self._skipped:
            self._skipped = None
            return updated_node
        return super().on_leave(original_node, updated_node)

    def visit_Module(self, node: cst.Module) -> None:
        self.positions = Positions(node)
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
                    frame = _scope_frame(item.item)
                    if self._frames and (frame.name is None or AUTO_NAME.fullmatch(frame.name)):
                        self._frames[-1].certain = False  # it may be a `separable_conv1d_N`
                    frame.depth = self._nonlinear
                    self._frames.append(frame)
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
                qualified = {f"{module}.{alias.evaluated_name}"}
                if classify(qualified) is not None or lookup(qualified) is not None:
                    self._from_imports.add((module, alias.evaluated_name))
                self._report_unknown(alias.name, qualified)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bases.update(id(base.value) for base in node.bases)

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))
        if isinstance(node.func, cst.Call):
            self._outer[id(node.func)] = node
        if (
            node.args
            and self._scan.may_be(node.func, frozenset({"partial"}))
            and self._qualified(node.func) & PARTIAL
        ):
            self._partial_args.add(id(node.args[0].value))

    # ---- references that are not calls ---------------------------------------

    def _family(self, node: cst.Name | cst.Attribute) -> FamilyName | None:
        """The family name `node` stands for (any spelling), else None; reports a member
        of a family module that compat_layers does not provide."""
        if self._scan.may_be(node, LAST_NAMES):
            entry = lookup(self._qualified(node))
            if entry is not None:
                return entry
        if isinstance(node, cst.Attribute) and self._scan.may_be(node.value, MODULE_LAST_NAMES):
            self._report_unknown(node, self._qualified(node))
        return None

    def _report_unknown(self, node: cst.CSTNode, qualified: set[str]) -> None:
        unknown = unknown_member(qualified)
        if unknown is not None:
            module, member = unknown
            self._report(
                node,
                "TF1M181-not-in-compat-layers",
                f"`{module}.{member}` is not part of the legacy layer family that compat_layers "
                "provides, so it was left unchanged. If it no longer exists in TensorFlow 2 "
                "(tf.contrib was removed), replace it by hand.",
            )

    def _count(self, kind: str) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def _family_reference(
        self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        """A family name renamed for the compat target (None when it is none); with the
        keras target, a member other than SeparableConv1D reported and kept."""
        entry = self._family(original)
        if entry is None:
            return None
        if self.target == "compat":
            self._use_compat()
            self._count(entry.kind)
            new = cst.parse_expression(entry.target)
            return new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        if entry.family != "separable_conv1d":
            self._report(
                original,
                "TF1M180-compat-target-only",
                f"`{code(original)}` was left unchanged: --target keras rewrites only "
                "SeparableConv1D so far. Run tf1-migrate with --target compat to make this "
                f"call run on Keras 3 as `{entry.target}` (same arguments, variables and "
                "numbers).",
            )
            return updated
        return None

    def _reference(
        self, original: cst.Name | cst.Attribute, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        renamed = self._family_reference(original, updated)
        if renamed is not None:
            return renamed
        if id(original) in self._called or not self._scan.may_be(original, CANDIDATE_NAMES):
            return updated
        kind = classify(self._qualified(original))
        if kind is None or kind is Kind.KERAS2_CLASS:
            return updated
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
            attr in V1_ONLY_ATTRIBUTES
            and self.target == "keras"
            and id(original_node) not in self._called
            and self._instance_status(original_node.value) is not None
        ):
            self._report(
                original_node,
                "TF1M131-v1-attribute",
                f"`.{attr}` belongs to the v1 layer; the migrated Keras 3 layer (which this "
                "object is, or may be) has none. Use the Keras equivalent (`.name`, `.losses`, "
                "`.weights`).",
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
        elif isinstance(receiver, cst.Subscript):
            # `self.convs[i].apply(x)`: the element cannot be traced; ask the user.
            return "mixed" if self._rewritten else None
        elif isinstance(receiver, cst.Attribute):
            calls = self._scan.attribute_instances.get(code(receiver)) or (
                self._scan.member_instances.get(receiver.attr.value, [])
            )
        else:
            return None
        if not any(call is not None for call in calls):
            return None
        if all(call is not None and call in self._rewritten for call in calls):
            return "rewritten"
        return "mixed"

    def _implicit_name(self, call: cst.Call, kind: Kind | None) -> str | None:
        """The v1 scope name of `call` if it is an unnamed v1 layer whose number in its
        variable scope is certain; also advances or stops that scope's count."""
        if not self._frames:
            return None
        frame = self._frames[-1]
        if not frame.certain:
            return None
        effect = call_effect(
            call,
            kind,
            self._qualified,
            called_at_once=id(call) in self._called,
            outer=self._outer.get(id(call)),
        )
        if effect is None:
            return None
        direct = len(self._frames) > self._frame_start() and self._nonlinear == frame.depth
        if effect is Effect.COUNT and direct:
            frame.count += 1
            return auto_name(frame.count - 1)
        # In a loop, branch or nested function, or a call that may make layers.
        frame.certain = False
        return None

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        kind = None
        if self._scan.may_be(func, CANDIDATE_NAMES):
            kind = classify(self._qualified(func))
        # compat_layers numbers unnamed layers itself, exactly as v1 did.
        implicit = self._implicit_name(original_node, kind) if self.target == "keras" else None
        if (
            self.target == "keras"
            and isinstance(func, cst.Attribute)
            and func.attr.value in V1_ONLY_ATTRIBUTES
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
        if kind is None:
            return updated_node
        if kind is Kind.KERAS2_CLASS:
            return self._migrate_keras2(original_node, updated_node)
        if self.target == "compat":
            return self._migrate_compat(original_node, updated_node, kind)
        return self._migrate_v1(original_node, updated_node, kind, implicit)

    def _record(self, node: cst.Call, v1_name: str | None, keras_name: str | None) -> None:
        line, column = self.positions.start(node)
        self.layers.append(LayerRecord(line, column, self._v1_scope(), v1_name, keras_name))

    def _migrate_compat(self, original: cst.Call, updated: cst.Call, kind: Kind) -> cst.Call:
        # The name was renamed with the family (`_family_reference`); record the layer
        # for checkpoint mapping.
        params = V1_FUNCTION_PARAMS if kind is Kind.V1_FUNCTION else V1_CLASS_PARAMS
        ok, name = literal(bind(original.args, params, extra=True).value("name"))
        name = name if ok and isinstance(name, str) else None
        self._record(original, name, name)
        return updated

    def _refusals(self, bound: Bound, kind: Kind) -> list[tuple[str, str]]:
        reuse, shared, control = self._flags()
        defaults = {d for frame in self._frames for d in frame.defaults}
        if self._scan.scope_setters:
            defaults |= {"initializer", "regularizer"}
        return refusals(
            bound,
            function=kind is Kind.V1_FUNCTION,
            shared=reuse or shared,
            control_flow=control,
            scope_defaults=defaults,
            reused_names=self._scan.reused_names,
        )

    def _migrate_v1(
        self, original: cst.Call, updated: cst.Call, kind: Kind, implicit: str | None
    ) -> cst.BaseExpression:
        function = kind is Kind.V1_FUNCTION
        bound = bind(
            updated.args, V1_FUNCTION_PARAMS if function else V1_CLASS_PARAMS, extra=not function
        )
        problems = self._refusals(bound, kind)
        prefix = self._keras_prefix(original)
        if prefix is None:
            root = (self._prefix or "").split(".")[0]
            problems.append(
                (
                    "TF1M160-shadowed-prefix",
                    f"`{root}` is rebound locally here, so the Keras 3 layer cannot be named "
                    "through it. Rename the local variable, then run the tool again.",
                )
            )
        if problems:
            for diagnostic_code, message in problems:
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
        scope = self._v1_scope()
        if implicit is not None and scope:
            # An unnamed layer TF1 numbered statically: name it so checkpoints map.
            v1_name = implicit
            keras_name = f"{scope}/{implicit}".replace("/", "_")
        permute = False
        bias = _may_have_bias(bound)
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
                    if bias and constant.lower() == "channels_first":
                        permute = True
                        new = _as_keyword(arg, name, _string("channels_last", quote))
                elif not ok and bias:
                    problems.append(_runtime_data_format(value))
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
                new = self._decide(arg, name, decision, problems)
            elif name.endswith("_regularizer"):
                decision = map_regularizer(value, qualified, prefix)
                new = self._decide(arg, name, decision, problems)
            elif name.endswith("_constraint") and name in V1_CLASS_PARAMS:
                if ok and constant is None:
                    new = None
            elif name == "name":
                if ok and constant in (None, ""):
                    new = None  # v1 gave an empty name a generated one, as Keras 3 does None
                    if keras_name is not None:
                        new = _as_keyword(arg, name, _string(keras_name, quote))
                elif ok and isinstance(constant, str):
                    v1_name = constant
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
                    if scope is None:
                        notes.append(
                            (
                                "TF1M151-name-in-dynamic-scope",
                                f"v1 made name {constant!r} unique through an enclosing "
                                "variable_scope whose name is only known at run time; Keras 3 "
                                "needs unique layer names within one model. If this code runs "
                                "more than once in a model, derive the name from that scope "
                                '(for example name=f"{scope}_' + constant + '").',
                            )
                        )
            if new is None and name in _KEEP_WITH_COMMENT and not _causal_arg(name, constant):
                if _has_comment(arg):
                    new = _as_keyword(arg, name)  # the default stays where its comment is
            replacements.append(new)
        if problems:
            for diagnostic_code, message in problems:
                self._report(original, diagnostic_code, message)
            return updated
        additions = []
        if keras_name is not None and "name" not in bound.params:
            additions.append(keyword_arg("name", _string(keras_name, quote)))
        if causal:
            pad = causal_padding(bound.value("kernel_size"), bound.value("dilation_rate"))
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
        regularized = [
            name
            for name, new_arg in zip(bound.names, replacements, strict=True)
            if new_arg is not None and name is not None and name.endswith("_regularizer")
        ]
        if regularized:
            notes.append(
                (
                    "TF1M170-regularization-collection",
                    f"The Keras 3 layer keeps its {', '.join(regularized)} losses in "
                    "`layer.losses` / `model.losses`; unlike the v1 layer it does not add them "
                    "to the REGULARIZATION_LOSSES collection, so "
                    "`tf.losses.get_regularization_loss()` no longer includes them. Add the "
                    "layer's (or model's) `losses` to the training loss.",
                )
            )
        # The class form's object outlives the call only when it is not called at once.
        kept = not function and id(original) not in self._called
        if permute:
            notes.append(_channels_first_note(kept, 2 if causal else 1))
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
        if causal or permute:
            result = self._sequential(
                original, prefix, layer, pad if causal else None, data_format, permute
            )
            if causal and kept:
                self._report(original, *_causal_note(2 if permute else 1))
        if function:
            result = cst.Call(func=result, args=[cst.Arg(value=inputs)])
        result = result.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        self._rewritten.add(id(original))
        self._record(original, v1_name, keras_name)
        self._count("separable_conv1d")
        return result

    def _decide(
        self, arg: cst.Arg, name: str, decision: object, problems: list[tuple[str, str]]
    ) -> cst.Arg | None:
        if isinstance(decision, Drop):
            return None
        if isinstance(decision, Keep):
            return _as_keyword(arg, name)
        if isinstance(decision, Replace):
            return _as_keyword(arg, name, decision.value)
        assert isinstance(decision, Refuse)
        problems.append((decision.code, decision.message))
        return _as_keyword(arg, name)

    @staticmethod
    def _ignored_note(name: str) -> tuple[str, str]:
        return (
            "TF1M140-ignored-argument",
            f"`{name}=` was removed: SeparableConv1D has depthwise and pointwise kernels, so "
            "Keras 2 accepted this argument and silently ignored it (it had no effect), while "
            "Keras 3 rejects it. Use depthwise_*/pointwise_* if you meant to set them.",
        )

    def _line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self.positions.text.splitlines()
        return self._lines[number - 1]

    def _sequential(
        self,
        original: cst.Call,
        prefix: str,
        conv: cst.Call,
        pad: str | None,
        data_format: cst.BaseExpression | None,
        permute: bool,
    ) -> cst.Call:
        # Indent relative to the line the call starts on, which may be deeper
        # than its block (a call inside a multi-line list).
        line = self._line(self.positions.start(original)[0])
        base = line[: len(line) - len(line.lstrip(" \t"))]
        return sequential(
            prefix,
            conv,
            base=base,
            indent=self._indent,
            pad=pad,
            data_format=data_format,
            permute=permute,
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
                "TF1M121-runtime-padding-keras2",
                f"`padding={code(padding)}` is computed at run time and Keras 2 accepted "
                "'causal', which Keras 3 rejects; the call was left unchanged. If the value can be "
                "'causal', compute it statically so the tool can rewrite the layer.",
            )
            return updated
        causal = ok and isinstance(constant, str) and constant.lower() == "causal"
        if not ignored and not causal:
            # Nothing to migrate, but Keras 3 computes this layer differently from Keras 2.
            ok_format, format_value = literal(bound.value("data_format"))
            if (
                ok_format
                and isinstance(format_value, str)
                and format_value.lower() == "channels_first"
                and _may_have_bias(bound)
            ):
                self._report(original, *_keras_channels_first_note())
            return updated
        data_format = bound.value("data_format")
        ok_format, format_value = literal(data_format)
        bias = _may_have_bias(bound)
        if data_format is not None and not ok_format and bias:
            self._report(original, *_runtime_data_format(data_format))
            return updated
        permute = (
            bias and isinstance(format_value, str) and format_value.lower() == "channels_first"
        )
        pad = (
            causal_padding(bound.value("kernel_size"), bound.value("dilation_rate"))
            if causal
            else "0"
        )
        prefix = self._keras_prefix(original) if causal or permute else ""
        if pad is None:
            self._report(
                original,
                "TF1M122-causal-dynamic",
                "padding='causal' needs the left padding dilation_rate * (kernel_size - 1), but "
                "kernel_size or dilation_rate is a literal that is not one integer. The call was "
                "left unchanged; pad with keras.layers.ZeroPadding1D yourself.",
            )
            return updated
        if prefix is None:
            self._report(
                original,
                "TF1M160-shadowed-prefix",
                "The rewrite needs Keras 3 layers (keras.Sequential), but the name used for Keras "
                "is rebound locally here. The call was left unchanged: rename the local "
                "variable, then run the tool again.",
            )
            return updated
        quote = _quote_of(original)
        replacements: list[cst.Arg | None] = []
        for arg, name in zip(updated.args, bound.names, strict=True):
            if name in KERAS2_IGNORED or (causal and name == "padding"):
                replacements.append(None)
            elif permute and name == "data_format":
                replacements.append(_as_keyword(arg, name, _string("channels_last", quote)))
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
        if not causal and not permute:
            return conv.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        self._use_keras()
        conv = conv.with_changes(func=cst.parse_expression(f"{prefix}.layers.SeparableConv1D"))
        kept = id(original) not in self._called
        if causal and kept:
            self._report(original, *_causal_note(2 if permute else 1))
        if permute:
            self._report(original, *_channels_first_note(kept, 2 if causal else 1))
            data_format = _string("channels_last", quote)
        result = self._sequential(
            original, prefix, conv, pad if causal else None, data_format, permute
        )
        return result.with_changes(lpar=updated.lpar, rpar=updated.rpar)


def _enter_nonlinear(self: Migrator, node: cst.CSTNode) -> None:
    self._nonlinear += 1


def _leave_nonlinear(self: Migrator, original_node: cst.CSTNode, updated_node: cst.CSTNode):
    self._nonlinear -= 1
    return updated_node


# Count how deep the walk is in loops and branches. Per-type visit/leave methods, not an
# on_visit override: an isinstance test against these ABC classes on every node of the
# module cost about 8% of a migration.
for _node_type in NONLINEAR:
    setattr(Migrator, f"visit_{_node_type.__name__}", _enter_nonlinear)
    setattr(Migrator, f"leave_{_node_type.__name__}", _leave_nonlinear)
