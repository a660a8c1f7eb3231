"""The codemod's before/after golden cases (golden/codemod/<case>/).

Each case pins the exact output and the diagnostics (line, column, code); every
output must parse, and migrating it again must change nothing.
"""

from __future__ import annotations

import ast
import json

import pytest

from golden.generate_codemod import case_dirs, options
from migrate import migrate_source
from migrate.codemod.diagnostics import CODES, NOTES, REFUSALS

CASES = case_dirs()


def test_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case) -> None:
    before = (case / "before.py").read_text(encoding="utf-8")
    after = (case / "after.py").read_text(encoding="utf-8")
    expected = json.loads((case / "diagnostics.json").read_text(encoding="utf-8"))
    target = options(case).get("target", "keras")

    result = migrate_source(before, target=target)

    assert result.code == after
    assert result.changed == (before != after)
    got = [{"line": d.line, "column": d.column, "code": d.code} for d in result.diagnostics]
    assert got == expected
    assert all(d.message for d in result.diagnostics)
    ast.parse(after)
    again = migrate_source(after, target=target)
    assert again.code == after, "a second run must change nothing"
    if case.name.startswith("noop_"):
        assert after == before and not result.diagnostics


def test_every_code_is_documented_and_covered() -> None:
    emitted = {
        d["code"]
        for case in CASES
        for d in json.loads((case / "diagnostics.json").read_text(encoding="utf-8"))
    }
    assert emitted <= set(CODES)
    # Every code but the one for libcst's own parse failures has a golden case.
    assert set(CODES) - emitted == {"TF1M900-unparsable"}
    assert NOTES | REFUSALS == set(CODES) and not NOTES & REFUSALS
