"""Regenerate the codemod's golden files (golden/codemod/<case>/after.py, diagnostics.json).

Dry run by default: prints which cases would change and writes nothing.
`python golden/generate_codemod.py --write [CASE ...]` rewrites them.

Regenerate only after an intended change of the codemod's output, and review every
diff by hand: the goldens are the published before/after examples, and
tests/test_migrate_golden.py fails on any difference. Each case directory holds
`before.py` (written by hand), optionally `options.json` ({"target": "compat"}),
and the generated `after.py` and `diagnostics.json` (line, column, code per finding;
the messages are free text and not pinned).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "codemod"


def case_dirs(names: list[str] | None = None) -> list[Path]:
    dirs = sorted(p for p in ROOT.iterdir() if (p / "before.py").is_file())
    if names:
        dirs = [d for d in dirs if d.name in names]
    return dirs


def options(case: Path) -> dict:
    path = case / "options.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def expected(case: Path) -> tuple[str, str]:
    """(after.py text, diagnostics.json text) as the codemod produces them now."""
    from migrate import migrate_source

    before = (case / "before.py").read_text(encoding="utf-8")
    result = migrate_source(before, target=options(case).get("target", "keras"))
    diagnostics = [{"line": d.line, "column": d.column, "code": d.code} for d in result.diagnostics]
    return result.code, json.dumps(diagnostics, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the files (default: dry run)")
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args(argv)
    stale = 0
    for case in case_dirs(args.cases):
        after, diagnostics = expected(case)
        files = {"after.py": after, "diagnostics.json": diagnostics}
        for name, text in files.items():
            path = case / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale += 1
                print(f"{'writing' if args.write else 'would write'} {path}")
                if args.write:
                    path.write_text(text, encoding="utf-8")
    print(f"{stale} file(s) {'written' if args.write else 'out of date'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
