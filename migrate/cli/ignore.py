"""`.gitignore` files, honoured while walking a directory (as black and ruff do).

Matching is `pathspec`'s (git's wildmatch rules, negation, directory patterns), not
hand-written. A walk starts with the `.gitignore` files of the directories between
the repository root (the nearest parent holding `.git`) and the walked directory,
and adds each directory's own `.gitignore` as it enters it; a deeper file's patterns
override a shallower one's, as in git. Files named on the command line are processed
whatever the ignore files say.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pathspec

__all__ = ["IgnoreRules", "parent_rules"]

_FILE = ".gitignore"


@dataclass(frozen=True)
class _Rules:
    base: str  # the directory the patterns are relative to
    spec: pathspec.GitIgnoreSpec


class IgnoreRules:
    """The ignore files in force in one directory, shallowest first.

    Args:
      rules: the `(directory, spec)` pairs in force.
    """

    def __init__(self, rules: tuple[_Rules, ...] = ()) -> None:
        self._rules = rules

    def entering(self, directory: str) -> IgnoreRules:
        """The rules in force inside `directory` (adds its `.gitignore`, if any)."""
        spec = _load(directory)
        if spec is None:
            return self
        return IgnoreRules((*self._rules, _Rules(directory, spec)))

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether `path` (a real path under the rules' directories) is ignored."""
        verdict = None
        for rules in self._rules:
            rel = os.path.relpath(path, rules.base).replace(os.sep, "/")
            if rel.startswith("../"):
                continue
            result = rules.spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include  # the deepest file that decides wins
        return bool(verdict)


def _load(directory: str) -> pathspec.GitIgnoreSpec | None:
    path = os.path.join(directory, _FILE)
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            lines = f.read().splitlines()
    except OSError:  # none, or unreadable: nothing ignored by it
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _repository_root(directory: str) -> str | None:
    current = directory
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def parent_rules(directory: str) -> IgnoreRules:
    """The rules in force in `directory` from the ignore files above it in its repository
    (not its own `.gitignore`: `IgnoreRules.entering` adds that).

    Args:
      directory: a real (symlink-resolved) directory path.
    """
    rules = IgnoreRules()
    root = _repository_root(directory)
    if root is None or root == directory:
        return rules
    chain = []
    current = os.path.dirname(directory)
    while True:
        chain.append(current)
        if current == root:
            break
        current = os.path.dirname(current)
    for parent in reversed(chain):
        rules = rules.entering(parent)
    return rules
