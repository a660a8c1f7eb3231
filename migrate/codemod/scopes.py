"""Where a call stands: enclosing variable scopes, functions, lambdas, loops and branches.

`ScopeTracker` is mixed into the transformer. It keeps a stack of the `with
variable_scope(...)` blocks around the node being visited (their static names give
a layer's v1 scope; their counts give the names TF1 numbered unnamed layers with),
and of the functions, lambdas and `with` blocks whose module-wide facts (`scan`:
variable reuse, templates, control flow) decide whether a call may be rewritten.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from migrate.codemod.arguments import Bound, bind, literal
from migrate.codemod.implicit_names import AUTO_NAME, NONLINEAR, Effect, auto_name, call_effect
from migrate.codemod.names import VARIABLE_SCOPE, Kind, tensorflow_name
from migrate.codemod.refusals import refusals
from migrate.codemod.scan import VARIABLE_SCOPE_PARAMS, ModuleScan

__all__ = ["ScopeTracker"]

# variable_scope arguments that change what a get_variable inside it creates.
_SCOPE_DEFAULTS = ("initializer", "regularizer", "constraint", "custom_getter", "partitioner")


class _Frame:
    """An enclosing `with variable_scope(...)`.

    `counts` is how many unnamed v1 layers of each base name (`dense`) the block has
    run so far, `certain` whether those counts are known statically, `depth` the
    nesting of loops and branches at the
    `with` (see `migrate.codemod.implicit_names`).
    """

    def __init__(self, name: str | None, defaults: tuple[str, ...]) -> None:
        self.name = name
        self.defaults = defaults
        self.counts: dict[str, int] = {}
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


class ScopeTracker:
    """The scope stacks of the transformer (a mixin: `qualified` and `_called`,
    `_outer` come from the transformer)."""

    _scan: ModuleScan

    def _init_scopes(self) -> None:
        self._frames: list[_Frame] = []
        self._pushed_frames: list[int] = []
        self._context: list[tuple[int, bool, bool, bool, int]] = []
        self._nonlinear = 0

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

    def v1_scope(self) -> str | None:
        names = [frame.name for frame in self._frames[self._frame_start() :]]
        if any(name is None for name in names):
            return None
        return "/".join(names)  # type: ignore[arg-type]

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
                if tensorflow_name(self.qualified(item.item.func)) in VARIABLE_SCOPE:
                    frame = _scope_frame(item.item)
                    if self._frames and (frame.name is None or AUTO_NAME.fullmatch(frame.name)):
                        self._frames[-1].certain = False  # it may be a `dense_N`
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

    def _implicit_name(
        self,
        call: cst.Call,
        kind: Kind | None,
        base: str = "separable_conv1d",
        params: tuple[str, ...] | None = None,
    ) -> str | None:
        """The v1 scope name of `call` if it is an unnamed v1 layer whose number in its
        variable scope is certain; also advances or stops that scope's count.

        Args:
          call: the call, as in the original module.
          kind: its kind (`Kind.V1_FUNCTION` / `V1_CLASS` also for a member with a Keras
            table), None when it is not a family member.
          base: the scope name its unnamed layers start from (`dense`).
          params: the v1 signature of a member with a Keras table.
        """
        if not self._frames:
            return None
        frame = self._frames[-1]
        if not frame.certain:
            return None
        effect = call_effect(
            call,
            kind,
            self.qualified,
            called_at_once=id(call) in self._called,
            outer=self._outer.get(id(call)),
            params=params,
        )
        if effect is None:
            return None
        direct = len(self._frames) > self._frame_start() and self._nonlinear == frame.depth
        if effect is Effect.COUNT and direct:
            index = frame.counts.get(base, 0)
            frame.counts[base] = index + 1
            return auto_name(base, index)
        # In a loop, branch or nested function, or a call that may make layers.
        frame.certain = False
        return None

    def refusals_for(self, bound: Bound, function: bool, **layer: Any) -> list[tuple[str, str]]:
        """The refusals of a v1 call bound to its signature, given where it is
        (`layer`: the `weights=` and `layer=` of `refusals`, for layers other than
        SeparableConv1D)."""
        reuse, shared, control = self._flags()
        defaults = {d for frame in self._frames for d in frame.defaults}
        if self._scan.scope_setters:
            defaults |= {"initializer", "regularizer"}
        return refusals(
            bound,
            function=function,
            shared=reuse or shared,
            control_flow=control,
            scope_defaults=defaults,
            reused_names=self._scan.reused_names,
            **layer,
        )


def _enter_nonlinear(self: ScopeTracker, node: cst.CSTNode) -> None:
    self._nonlinear += 1


def _leave_nonlinear(self: ScopeTracker, original_node: cst.CSTNode, updated_node: cst.CSTNode):
    self._nonlinear -= 1
    return updated_node


# Count how deep the walk is in loops and branches. Per-type visit/leave methods, not an
# on_visit override: an isinstance test against these ABC classes on every node of the
# module cost about 8% of a migration.
for _node_type in NONLINEAR:
    setattr(ScopeTracker, f"visit_{_node_type.__name__}", _enter_nonlinear)
    setattr(ScopeTracker, f"leave_{_node_type.__name__}", _leave_nonlinear)
