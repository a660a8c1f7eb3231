"""The run's totals, the human summary and the JSON report.

The report is streamed to a temporary file next to its destination as files
are processed (so a run over a million files never holds all results) and
moved into place at the end.

Report schema (version 1)::

    {
      "schema": 1,
      "tool": "tf1-migrate",
      "version": "0.1.0",
      "target": "keras",                 # or "compat"
      "mode": "write",                   # "write", "check" or "diff"
      "files": [                         # every file scanned, in walk order
        {
          "path": "models/net.py",
          "parsed": true,                # false: the prefilter ruled it out
          "changed": true,               # written, or would be (check/diff)
          "diagnostics": [               # candidates left for a human
            {"line": 12, "column": 8, "code": "TF1M101-reuse", "message": "..."}
          ],                             # notebooks add "cell" (index in cells)
          "layers": [...],               # one record per rewritten SeparableConv1D
          "kinds": {"dense": 2},         # names rewritten per layer kind
          "error": null                  # or why the file was not processed
        }
      ],
      "totals": {
        "files_scanned": 1, "files_parsed": 1, "files_changed": 1,
        "files_failed": 0, "diagnostics": 1,
        "diagnostics_by_code": {"TF1M101-reuse": 1},
        "rewritten_by_kind": {"dense": 2}, "seconds": 0.12
      }
    }
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import json
import os
import tempfile
from typing import IO, Any

from migrate.cli.runner import Outcome

SCHEMA_VERSION = 1


@dataclasses.dataclass
class Totals:
    """Counts over a run."""

    files_scanned: int = 0
    files_parsed: int = 0
    files_changed: int = 0
    files_failed: int = 0
    diagnostics: int = 0
    diagnostics_by_code: collections.Counter[str] = dataclasses.field(
        default_factory=collections.Counter
    )
    rewritten_by_kind: collections.Counter[str] = dataclasses.field(
        default_factory=collections.Counter
    )
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.files_scanned += 1
        self.files_parsed += outcome.parsed
        self.files_changed += outcome.changed
        self.files_failed += outcome.error is not None
        self.diagnostics += len(outcome.diagnostics)
        self.diagnostics_by_code.update(str(d.get("code")) for d in outcome.diagnostics)
        self.rewritten_by_kind.update(outcome.kinds)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["diagnostics_by_code"] = dict(sorted(self.diagnostics_by_code.items()))
        out["rewritten_by_kind"] = dict(sorted(self.rewritten_by_kind.items()))
        out["seconds"] = round(self.seconds, 3)
        return out

    def summary(self, mode: str) -> str:
        """One line for stderr, e.g. "12 files scanned, 3 parsed, 2 changed"."""
        changed = "changed" if mode == "write" else "would change"
        diagnostics = f"{self.diagnostics} diagnostic{'s' * (self.diagnostics != 1)}"
        if self.diagnostics_by_code:
            by_code = ", ".join(f"{c}: {n}" for c, n in sorted(self.diagnostics_by_code.items()))
            diagnostics += f" ({by_code})"
        errors = f"{self.files_failed} error{'s' * (self.files_failed != 1)}"
        line = (
            f"tf1-migrate: {self.files_scanned} file{'s' * (self.files_scanned != 1)} scanned, "
            f"{self.files_parsed} parsed (candidates), {self.files_changed} {changed}, "
            f"{diagnostics}, {errors} in {self.seconds:.2f} s"
        )
        if self.rewritten_by_kind:
            kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.rewritten_by_kind.items()))
            verb = "rewritten" if mode == "write" else "to rewrite"
            line += f"\ntf1-migrate: layer names {verb} by kind: {kinds}"
        return line


def outcome_record(outcome: Outcome) -> dict[str, Any]:
    """The report's entry for one file."""
    return {
        "path": outcome.path,
        "parsed": outcome.parsed,
        "changed": outcome.changed,
        "diagnostics": outcome.diagnostics,
        "layers": outcome.layers,
        "kinds": outcome.kinds,
        "error": outcome.error,
    }


class ReportWriter:
    """Streams the JSON report; nothing appears at `path` until `close`.

    Args:
        path: where the report goes.
        header: the top-level fields written before `files`.
    """

    def __init__(self, path: str, header: dict[str, Any]) -> None:
        self._path = path
        directory = os.path.dirname(os.path.abspath(path))
        fd, self._tmp = tempfile.mkstemp(prefix=".tf1-migrate-report.", dir=directory)
        self._file: IO[str] = open(fd, "w", encoding="utf-8")
        self._first = True
        head = json.dumps(header, indent=1)[:-2]  # drop the closing "\n}"
        self._file.write(head + ',\n "files": [')

    def add(self, outcome: Outcome) -> None:
        self._file.write("\n  " if self._first else ",\n  ")
        self._file.write(json.dumps(outcome_record(outcome), ensure_ascii=False))
        self._first = False

    def close(self, totals: Totals) -> None:
        """Finish the report and move it into place."""
        self._file.write(("\n " if not self._first else "") + '],\n "totals": ')
        self._file.write(json.dumps(totals.to_dict()) + "\n}\n")
        self._file.close()
        # mkstemp creates the file private; a report is an ordinary file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)
        os.replace(self._tmp, self._path)

    def abort(self) -> None:
        """Drop the partial report (interrupted run)."""
        self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
