"""One pass over a module before rewriting: what the rewrite of one call depends on.

Whether a call may be rewritten can depend on code elsewhere in the module: a
`variable_scope(reuse=...)` around a caller of the function that holds it, a
`tf.make_template`, a `tf.while_loop` body, or the import that names Keras.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import libcst as cst

if TYPE_CHECKING:
    from migrate.codemod.layers.keras_spec import KerasSpec

from migrate.codemod.arguments import V1_CLASS_PARAMS, V1_FUNCTION_PARAMS, bind, code, literal
from migrate.codemod.layers import LAST_NAMES, MODULE_LAST_NAMES
from migrate.codemod.names import (
    CANDIDATE_NAMES,
    CONTROL_FLOW,
    MAKE_TEMPLATE,
    V1_ONLY_ATTRIBUTES,
    VARIABLE_SCOPE,
    Kind,
    classify,
    last_name,
    tensorflow_name,
)
from migrate.codemod.scan_facts import ModuleScan, module_imports
from migrate.codemod.walk import Walker

__all__ = ["ModuleScan", "VARIABLE_SCOPE_PARAMS", "scan_module"]

# tf.compat.v1.variable_scope's parameters, in positional order.
VARIABLE_SCOPE_PARAMS = (
    "name_or_scope",
    "default_name",
    "values",
    "initializer",
    "regularizer",
    "caching_device",
    "partitioner",
    "custom_getter",
    "reuse",
    "dtype",
    "use_resource",
    "constraint",
    "auxiliary_name_scope",
)
# VariableScope setters that change the defaults of every later get_variable.
_SCOPE_SETTERS = frozenset(
    {"set_initializer", "set_regularizer", "set_constraint", "set_custom_getter", "set_partitioner"}
)


def _callee(call: cst.Call) -> str | None:
    if isinstance(call.func, cst.Name):
        return call.func.value
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


def _reuses(call: cst.Call) -> bool:
    """Whether a variable_scope(...) call may set reuse (True, AUTO_REUSE, unknown)."""
    position = 0
    for arg in call.args:
        if arg.star:
            return True
        name = arg.keyword.value if arg.keyword else VARIABLE_SCOPE_PARAMS[min(position, 12)]
        position += arg.keyword is None
        if name == "reuse":
            ok, value = literal(arg.value)
            return not (ok and value in (None, False))
    return False


# Names and attributes the transformer acts on (see `ModuleScan.plain`): the
# SeparableConv1D rewrite's, and every family name and family module's last name.
_RELEVANT = CANDIDATE_NAMES | V1_ONLY_ATTRIBUTES | LAST_NAMES | MODULE_LAST_NAMES
_IS_STATEMENT: dict[type, bool] = {}


class _Collector(Walker):
    def __init__(self, qualified: Callable[[cst.CSTNode], set[str]], scan: ModuleScan) -> None:
        super().__init__()
        self.qualified = qualified
        self.scan = scan
        self.skip: frozenset[int] = frozenset()
        self.stack: list[cst.CSTNode] = []  # enclosing Module, FunctionDef, scope With
        self.functions: list[str] = []
        self.callees: dict[str, set[str]] = {}
        self.roots_shared: set[str] = set()
        self.roots_control: set[str] = set()
        self.statements: list[cst.CSTNode] = []  # enclosing statements, innermost last
        # Per entry of `stack`: the entry enclosing it, and the callees of the calls
        # directly inside it (for the callees of a reuse region, found in the same walk).
        self.parents: dict[int, int | None] = {}
        self.stack_callees: dict[int, set[str]] = {}

    def _push(self, node: cst.CSTNode) -> None:
        self.parents[id(node)] = id(self.stack[-1]) if self.stack else None
        self.stack.append(node)

    def region_callees(self) -> set[str]:
        """Callees of every call inside a reuse region."""
        names: set[str] = set()
        regions = self.scan.reuse_regions
        for entry, callees in self.stack_callees.items():
            ancestor: int | None = entry
            while ancestor is not None and ancestor not in regions:
                ancestor = self.parents[ancestor]
            if ancestor is not None:
                names |= callees
        return names

    def walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        statement = _IS_STATEMENT.get(kind)
        if statement is None:
            statement = _IS_STATEMENT[kind] = issubclass(kind, cst.BaseStatement)
        if statement:
            self.scan.plain.add(id(node))
            if id(node) in self.skip:
                return  # nothing the transformer acts on is inside (see `scan_module`)
            self.statements.append(node)
            super().walk(node)
            self.statements.pop()
        else:
            super().walk(node)

    def _relevant(self, name: str) -> None:
        """A name the transformer acts on: the statements around it are not plain."""
        if name in _RELEVANT:
            plain = self.scan.plain
            for statement in reversed(self.statements):
                if id(statement) not in plain:
                    break  # its enclosing statements were cleared already
                plain.discard(id(statement))

    def visit_Module(self, node: cst.Module) -> None:
        self._push(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._push(node)
        self.functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()
        self.functions.pop()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:  # `import a.b.rnn_cell as impl`: impl -> rnn_cell
            if alias.evaluated_alias and "." in alias.evaluated_name:
                self.scan.aliases[alias.evaluated_alias] = alias.evaluated_name.rsplit(".", 1)[1]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if alias.evaluated_alias:
                    self.scan.aliases[alias.evaluated_alias] = alias.evaluated_name

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if isinstance(item.item, cst.Call) and self.scan.may_be(item.item.func, VARIABLE_SCOPE):
                name = tensorflow_name(self.qualified(item.item.func))
                if name in VARIABLE_SCOPE:
                    self._push(node)
                    if _reuses(item.item):
                        self.scan.reuse_regions.add(id(node))
                    return

    def leave_With(self, original_node: cst.With) -> None:
        if self.stack and self.stack[-1] is original_node:
            self.stack.pop()

    def visit_Name(self, node: cst.Name) -> None:
        self.scan.names.add(node.value)
        self._relevant(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        # `tf.keras` uses no name `keras`: only the value side binds names.
        self._relevant(node.attr.value)
        self.walk(node.value)
        return False

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.visit_Assign(cst.Assign(targets=[cst.AssignTarget(node.target)], value=node.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        is_instance = isinstance(value, cst.Call) and (
            (
                self.scan.may_be(value.func, CANDIDATE_NAMES)
                and classify(self.qualified(value.func)) is Kind.V1_CLASS
            )
            or self._keras_spec(value.func)[1] is False
        )
        for target in node.targets:
            if isinstance(target.target, cst.Name) and is_instance:
                self.scan.instances[id(target.target)] = id(value)
            if isinstance(target.target, cst.Attribute):
                key = code(target.target)
                self.scan.attribute_instances.setdefault(key, []).append(
                    id(value) if is_instance else None
                )
            last = last_name(target.target)
            if last is not None:
                self.scan.member_instances.setdefault(last, []).append(
                    id(value) if is_instance else None
                )

    def visit_Call(self, node: cst.Call) -> None:
        callee = _callee(node)
        if callee is not None:
            self.stack_callees.setdefault(id(self.stack[-1]), set()).add(callee)
        if callee is not None and self.functions:
            self.callees.setdefault(self.functions[-1], set()).add(callee)
        if callee in _SCOPE_SETTERS:
            self.scan.scope_setters = True
        if callee == "reuse_variables" and not node.args:
            self.scan.reuse_regions.add(id(self.stack[-1]))
            return
        if self.scan.may_be(node.func, CANDIDATE_NAMES):
            kind = classify(self.qualified(node.func))
            if kind is Kind.V1_FUNCTION or kind is Kind.V1_CLASS:
                self._note_reuse(node, kind)
            return
        spec, function = self._keras_spec(node.func)
        if spec is not None:
            params = spec.function_params if function else spec.class_params
            self._note_reuse_bound(bind(node.args, params, extra=True), bool(function))
            return
        if not self.scan.may_be(node.func, CONTROL_FLOW | MAKE_TEMPLATE):
            return
        name = tensorflow_name(self.qualified(node.func))
        if name in CONTROL_FLOW:
            self._mark_callables(node, control=True)
        elif name in MAKE_TEMPLATE:
            self._mark_callables(node, control=False)

    def _keras_spec(self, func: cst.BaseExpression) -> tuple[KerasSpec | None, bool | None]:
        """(spec, whether it is the function form) of a layer `--target keras` rewrites
        from a table (`keras_layers`), else (None, None)."""
        if not self.scan.may_be(func, LAST_NAMES):
            return None, None
        # Imported here: the spec tables import `edit`, which imports this module.
        from migrate.codemod.layers.keras_layers import called_spec

        found = called_spec(self.qualified(func))
        return (None, None) if found is None else (found[0], found[2])

    def _note_reuse(self, call: cst.Call, kind: Kind) -> None:
        function = kind is Kind.V1_FUNCTION
        bound = bind(call.args, V1_FUNCTION_PARAMS if function else V1_CLASS_PARAMS, extra=True)
        self._note_reuse_bound(bound, function)

    def _note_reuse_bound(self, bound: Any, function: bool) -> None:
        reuse = bound.value("reuse" if function else "_reuse")
        ok_r, value = literal(reuse)
        ok_n, name = literal(bound.value("name"))
        if reuse is not None and not (ok_r and value in (None, False)) and ok_n:
            if isinstance(name, str):
                self.scan.reused_names.add(name)

    def _mark_callables(self, call: cst.Call, *, control: bool) -> None:
        roots = self.roots_control if control else self.roots_shared
        scan = self.scan

        class _Callables(cst.CSTVisitor):
            def visit_Lambda(self, node: cst.Lambda) -> None:
                (scan.control_lambdas if control else scan.shared_lambdas).add(id(node))

            def visit_Name(self, node: cst.Name) -> None:
                roots.add(node.value)

            def visit_Attribute(self, node: cst.Attribute) -> None:
                roots.add(node.attr.value)

        for arg in call.args:
            arg.value.visit(_Callables())


def _closure(roots: set[str], callees: dict[str, set[str]]) -> set[str]:
    reached, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo.extend(callees.get(name, ()))
    return reached


def scan_module(
    module: cst.Module,
    qualified: Callable[[cst.CSTNode], set[str]],
    skip: frozenset[int] = frozenset(),
) -> ModuleScan:
    """Collect the module-wide facts (see `ModuleScan`).

    Args:
      module: the module.
      qualified: the qualified names of a node.
      skip: ids of top-level statements known to hold nothing the transformer acts on
        (`--target compat`: definitions that mention no family name); they are marked
        plain without being walked, so the facts only the Keras target uses (names,
        reuse, control flow) do not cover them.
    """
    scan = ModuleScan()
    collector = _Collector(qualified, scan)
    collector.skip = skip
    collector.walk(module)
    roots_shared = set(collector.roots_shared)
    if scan.reuse_regions:
        roots_shared |= collector.region_callees()
    if any(
        name in CANDIDATE_NAMES or name in LAST_NAMES or name in MODULE_LAST_NAMES
        for name in scan.aliases.values()
    ):
        # `sc` may stand for the layer anywhere, also before its import was walked.
        scan.plain.clear()
    scan.shared_functions = _closure(roots_shared, collector.callees)
    scan.control_functions = _closure(collector.roots_control, collector.callees)
    module_imports(module, scan)
    return scan
