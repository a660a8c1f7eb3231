"""Every libcst internal the codemod relies on, in one place (libcst 1.9 <= v < 2).

The speed-ups read or write three things libcst does not publish:
- `MetadataWrapper._metadata` (provider type -> resolved mapping) and a provider's
  `_computed` (node -> value): `resolve_scopes` runs ScopeProvider and its
  ExpressionContextProvider alone, once each, and stores their results where
  `MetadataWrapper.resolve` finds them;
- `CodegenState` and `CSTNode._codegen`: `migrate.codemod.positions` generates a
  module's code once, recording where nodes start, and reuses the tokens of
  statements a rewrite kept.
tests/test_migrate_libcst_adapter.py checks each of them and fails loudly, naming
the one that changed, when a libcst release changes them.
"""

from __future__ import annotations

from types import MappingProxyType

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import ExpressionContextProvider, MetadataWrapper, ScopeProvider

__all__ = ["CodegenState", "codegen", "resolve_scopes"]


def codegen(node: cst.CSTNode, state: CodegenState) -> None:
    """Append `node`'s tokens to `state` (what `Module.code` does for every node)."""
    node._codegen(state)


def resolve_scopes(wrapper: MetadataWrapper) -> None:
    """Resolve ScopeProvider and its ExpressionContextProvider on `wrapper`, one walk each.

    Both providers do all their work in `visit_Module`, with a visitor of their own.
    Resolved through `MetadataWrapper.resolve`, libcst runs each as a batched visitor,
    which then walks (and rebuilds) the whole module once more calling nothing: half
    of the providers' cost. Here each provider's `visit_Module` runs alone and its
    result is stored where `resolve` finds it, so a command's own resolution reuses it.

    Args:
      wrapper: the wrapper of the module to resolve (its metadata is filled in place).
    """
    for provider_type in (ExpressionContextProvider, ScopeProvider):
        provider = provider_type()
        with provider.resolve(wrapper):
            provider.visit_Module(wrapper.module)
        wrapper._metadata[provider_type] = MappingProxyType(dict(provider._computed))
