"""The generic transformer: one pass over a module that rewrites or refuses each candidate.

It recognises the legacy family through the one name table (`migrate.codemod.layers`),
tracks the enclosing variable scopes, functions, lambdas, loops and branches, reports
diagnostics and manages imports. What to do with a family member is the spec's: with
`--target compat` every member is renamed to its `compat_layers` name; with
`--target keras` SeparableConv1D goes to `layers.separable_keras`, members with a
table (`layers.keras_layers`) to `layers.keras_rewrite`, `dynamic_rnn` calls and their
cells to `layers.keras_rnn`; the others are reported. Module-wide facts
come from `scan`, layout-preserving edits from `edit`.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import ScopeProvider

from migrate.codemod import untracked
from migrate.codemod.aliases import ModuleAliases, find_module_aliases
from migrate.codemod.arguments import (
    V1_CLASS_PARAMS,
    V1_FUNCTION_PARAMS,
    bind,
    code,
    literal,
)
from migrate.codemod.implicit_names import implicit_kind
from migrate.codemod.imports import add_import, remove_unused_from_imports, used_names
from migrate.codemod.keras_target import KerasTarget
from migrate.codemod.layers import (
    LAST_NAMES,
    compat_renames,
    is_family_module,
    keras_rewrite,
    keras_rnn,
    lookup,
    separable_keras,
)
from migrate.codemod.names import (
    CANDIDATE_NAMES,
    PARTIAL,
    V1_ONLY_ATTRIBUTES,
    Kind,
    canonical,
    classify,
)
from migrate.codemod.positions import Positions
from migrate.codemod.references import References
from migrate.codemod.scan import ModuleScan, scan_module
from migrate.codemod.scopes import ScopeTracker
from migrate.result import Diagnostic, LayerRecord

__all__ = ["Migrator"]


class Migrator(References, ScopeTracker, KerasTarget, cst.CSTTransformer):
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
        self._init_scopes()
        self._called: set[int] = set()
        self._outer: dict[int, cst.Call] = {}
        self._bases: set[int] = set()
        self._classes: dict[int, cst.ClassDef] = {}
        self._partial_args: set[int] = set()
        self._attribute_values: set[int] = set()  # `x` and `attr` of each `x.attr`
        self._rewritten: set[int] = set()
        self._from_imports: set[tuple[str, str]] = set()
        self._kept_modules: set[str] = set()  # family modules a kept name still reaches
        self._prefix: str | None = None
        self._new_import: str | None = None
        self._imports: list[str] = []
        self._indent = "    "
        self._changed = False
        self._lines: list[str] | None = None
        self.positions = Positions(cst.Module(body=[]))
        self._skipped: cst.CSTNode | None = None
        self._rnn: keras_rnn.Plan | None = None
        self.module_aliases = ModuleAliases()

    # ---- helpers -------------------------------------------------------------

    def qualified(self, node: cst.CSTNode) -> set[str]:
        # Only names: libcst also gives a call `f(a)(b)`'s inner call the name of `f`.
        if not isinstance(node, (cst.Name, cst.Attribute)):
            return set()
        # What QualifiedNameProvider would give, asked of the scope for this node only:
        # the provider visits every node of the module to set up the same lookup.
        scope = self._command.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return set()
        names = {canonical(q.name) for q in scope.get_qualified_names_for(node)}
        return names | self.module_aliases.qualified(scope, node)

    def report(self, node: cst.CSTNode, diagnostic_code: str, message: str) -> None:
        line, column = self.positions.start(node)
        found = Diagnostic(line, column, diagnostic_code, message)
        if found in self.diagnostics:  # two arguments with the same finding, one call
            return
        self.diagnostics.append(found)
        self._command.warn(f"{line}:{column}: {diagnostic_code}: {message}")

    def is_called(self, node: cst.CSTNode) -> bool:
        """Whether `node` is called where it stands (`node(...)`)."""
        return id(node) in self._called

    def mark_rewritten(self, call: cst.Call) -> None:
        """Remember a v1 call as rewritten (its object is now a Keras 3 layer)."""
        self._rewritten.add(id(call))

    def mark_changed(self) -> None:
        self._changed = True

    def _use_compat(self) -> None:
        self._changed = True
        if "import compat_layers" not in self._imports:
            self._imports.append("import compat_layers")

    # ---- traversal state -----------------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        # A statement without anything to rewrite or report is not walked (nor rebuilt),
        # unless an unnamed-layer count is running: any call there may stop it.
        self.positions.enter(node)
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
        result = super().on_leave(original_node, updated_node)
        return self.positions.settle(original_node, updated_node, result)

    def visit_Module(self, node: cst.Module) -> None:
        self.positions = self._command.positions(node)
        self.module_aliases = find_module_aliases(
            node, self.qualified, self._command.source, self._command.unasked
        )
        self._scan = scan_module(node, self.qualified, self._command.unasked)
        self._indent = node.default_indent
        if self.target == "keras":
            self._rnn = keras_rnn.plan(node, self)
            if self._rnn is not None:
                self._scan.plain -= self._rnn.statements
        self._context.append((id(node), id(node) in self._scan.reuse_regions, False, False, -1))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        # `import tensorflow.contrib.rnn` goes only if nothing kept still reaches it.
        self._from_imports -= {("", module) for module in self._kept_modules}
        if self._from_imports and (self._changed or self.target == "compat"):
            # --target compat: a family import the module never used is imported from
            # compat_layers instead (it may be there for other modules).
            renames = {} if self.target != "compat" else compat_renames(self._from_imports)
            used = used_names(original_node) if renames else None
            updated_node = remove_unused_from_imports(
                updated_node, self._from_imports, renames, used
            )
        for statement in self._imports:
            updated_node = add_import(updated_node, statement)
        return updated_node

    def visit_Import(self, node: cst.Import) -> bool:
        if self.target == "compat":  # `import tensorflow.contrib.rnn as rnn`: as a from-import
            for alias in node.names:
                dotted = code(alias.name)
                if alias.asname is not None and "." in dotted and is_family_module(dotted):
                    self._from_imports.add(tuple(dotted.rsplit(".", 1)))
                elif alias.asname is None and ".contrib." in dotted and is_family_module(dotted):
                    self._from_imports.add(("", dotted))  # fails on TensorFlow 2
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        untracked.report_star_import(self, node)
        if (
            node.module is not None
            and not node.relative
            and not isinstance(node.names, cst.ImportStar)
        ):
            module = code(node.module)
            for alias in node.names:
                qualified = {f"{module}.{alias.evaluated_name}"}
                if (
                    classify(qualified) is not None
                    or lookup(qualified) is not None
                    or (self.target == "compat" and is_family_module(*qualified))
                ):
                    self._from_imports.add((module, alias.evaluated_name))
                self._report_unknown(alias.name, qualified)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bases.update(id(base.value) for base in node.bases)
        self._classes.update((id(base.value), node) for base in node.bases)
        # The body of a v1 layer subclass runs under the layer's variable reuse: its
        # family calls are refused like calls under `reuse=True` (TF1M102).
        derived = any(
            self._scan.may_be(base.value, LAST_NAMES) and lookup(self.qualified(base.value))
            for base in node.bases
        )
        self._context.append((id(node), derived and self.target == "keras", False, False, -1))

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._context.pop()
        return updated_node

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))
        if isinstance(node.func, cst.Call):
            self._outer[id(node.func)] = node
        if (
            node.args
            and self._scan.may_be(node.func, frozenset({"partial"}))
            and self.qualified(node.func) & PARTIAL
        ):
            self._partial_args.add(id(node.args[0].value))

    def count(self, kind: str) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    # ---- calls -----------------------------------------------------------------

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        kind = None
        if self._scan.may_be(func, CANDIDATE_NAMES):
            kind = classify(self.qualified(func))
        found = None
        implicit = None
        if self.target == "keras":  # compat_layers numbers unnamed layers itself, as v1 did
            found = self.keras_table(func) if kind is None else None
            if found is None:
                implicit = self._implicit_name(original_node, kind)
            else:
                implicit = self._implicit_name(
                    original_node, *implicit_kind(found[0], function=found[2])
                )
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
                self.report(
                    original_node,
                    "TF1M130-apply" if func.attr.value == "apply" else "TF1M131-v1-attribute",
                    f"`.{func.attr.value}(...)` is called on an object that is, or may be, a "
                    "v1 layer this tool rewrote or could not rewrite everywhere; Keras 3 layers "
                    "have no such method. Call the layer (`layer(x)`) instead.",
                )
            return updated_node
        if self._rnn is not None and id(original_node) in self._rnn.nodes:
            return keras_rnn.leave_call(self, original_node, updated_node)
        if kind is None:
            if found is None:
                return updated_node
            spec, layer_kind, function = found
            return keras_rewrite.rewrite(
                self,
                original_node,
                updated_node,
                spec,
                function=function,
                kind=layer_kind,
                implicit=implicit,
            )
        if kind is Kind.KERAS2_CLASS:
            return separable_keras.rewrite_keras2(self, original_node, updated_node)
        if self.target == "compat":
            return self._migrate_compat(original_node, updated_node, kind)
        function = kind is Kind.V1_FUNCTION
        return separable_keras.rewrite_v1(self, original_node, updated_node, function, implicit)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if self._rnn is not None and id(original_node) in self._rnn.assigns:
            return keras_rnn.leave_assign(self, original_node, updated_node)
        return updated_node

    def record(self, node: cst.Call, v1_name: str | None, keras_name: str | None) -> None:
        line, column = self.positions.start(node)
        self.layers.append(LayerRecord(line, column, self.v1_scope(), v1_name, keras_name))

    def _migrate_compat(self, original: cst.Call, updated: cst.Call, kind: Kind) -> cst.Call:
        # The name was renamed with the family (`_family_reference`); record the layer
        # for checkpoint mapping.
        params = V1_FUNCTION_PARAMS if kind is Kind.V1_FUNCTION else V1_CLASS_PARAMS
        ok, name = literal(bind(original.args, params, extra=True).value("name"))
        name = name if ok and isinstance(name, str) else None
        self.record(original, name, name)
        return updated
