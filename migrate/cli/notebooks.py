"""Jupyter notebooks: migrate the code cells, leave every other byte alone.

The code cells are migrated as one module, because a cell uses the imports
of the cells above it and the codemod resolves names through imports. IPython
syntax (line magics, shell escapes, help) is masked by placeholder lines
before parsing and restored after. The new cell sources are spliced into the
original JSON text, so outputs, metadata and the file's layout stay as they
were.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import migrate

# Line magics, shell escapes and assignments from them ("x = !ls"), and help
# requests ("obj?"). "!=" at the start of a continuation line is Python.
_MAGIC_LINE = re.compile(
    r"^[ \t]*(?:%|!(?!=)|[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]"
    r"|\?{1,2}[\w.]+[ \t]*$|[\w.]+\?{1,2}[ \t]*$)"
)
# Cell magics whose body is Python; any other cell magic (%%bash, %%writefile
# ...) makes the cell something other than Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
_PLACEHOLDER = "_tf1_migrate_masked_{}_"
_BOUNDARY = "_tf1_migrate_cell_boundary_{}_"

CELL_MAGIC_CODE = "TF1M901-notebook-cell-magic"
MAGIC_LINE_CODE = "TF1M902-notebook-magic-line"


class NotebookError(ValueError):
    """The notebook is not valid JSON of the nbformat 4 shape."""


@dataclasses.dataclass(frozen=True)
class NotebookResult:
    """What migrating a notebook gave.

    Args:
        code: the new notebook text (the input text when nothing changed).
        changed: whether any cell changed.
        diagnostics: dicts with `cell` (index in the notebook's `cells`),
            `line` (1-based, in the cell), `column`, `code`, `message`.
        layers: the codemod's layer records, with `cell` and the line in it.
        kinds: names rewritten per layer kind, over all cells.
    """

    code: str
    changed: bool
    diagnostics: list[dict[str, Any]]
    layers: list[dict[str, Any]]
    kinds: dict[str, int] = dataclasses.field(default_factory=dict)


def migrate_notebook(
    text: str, *, target: str = "keras", path: str | None = None
) -> NotebookResult:
    """Migrate the code cells of an `.ipynb` notebook.

    Args:
        text: the notebook file's text.
        target: the codemod target, as for `migrate.migrate_source`.
        path: the file's path, for messages.

    Returns:
        A `NotebookResult`.

    Raises:
        NotebookError: the text is not a notebook, or a code cell is not
            valid Python (the message names the cell and line).
    """
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not valid JSON: {exc}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError("not a notebook: no top-level `cells` list (nbformat 4 expected)")
    if not _is_python(nb):
        return NotebookResult(text, False, [], [])

    diagnostics: list[dict[str, Any]] = []
    pieces: list[str] = []
    cells: list[_Cell] = []
    line = 1
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        src = "".join(source) if isinstance(source, list) else source
        if not isinstance(src, str):
            raise NotebookError(f"cell {index} has a source that is not text")
        masked, masks = _mask(src)
        if masked is None:
            if migrate.might_contain_candidates(src):
                diagnostics.append(
                    {
                        "cell": index,
                        "line": 1,
                        "column": 0,
                        "code": CELL_MAGIC_CODE,
                        "message": (
                            f"cell {index} starts with the cell magic {src.split()[0]!r}, so its "
                            "body is not Python and was not migrated; migrate the code it holds "
                            "by hand or move it to a code cell"
                        ),
                    }
                )
            continue
        for number, original in enumerate(src.split("\n"), start=1):
            if original in masks.values() and migrate.might_contain_candidates(original):
                diagnostics.append(
                    {
                        "cell": index,
                        "line": number,
                        "column": 0,
                        "code": MAGIC_LINE_CODE,
                        "message": (
                            "this IPython magic or shell line mentions a legacy layer but is "
                            "not Python, so it was not migrated; rewrite it as plain Python to "
                            "migrate it"
                        ),
                    }
                )
        if not masked.endswith("\n"):
            masked += "\n"
        cells.append(_Cell(index, src, isinstance(source, list), masks, line))
        pieces.append(masked)
        pieces.append(_BOUNDARY.format(len(cells) - 1) + "\n")
        line += masked.count("\n") + 1

    joined = "".join(pieces)
    if not cells or not migrate.might_contain_candidates(joined):
        return NotebookResult(text, False, diagnostics, [])
    try:
        result = migrate.migrate_source(joined, target=target, path=path)
    except migrate.MigrationSyntaxError as exc:
        raise _cell_syntax_error(exc, cells) from None

    for item in result.diagnostics:
        diagnostics.append(_locate(item.to_dict(), cells))
    layers = [_locate(record.to_dict(), cells) for record in result.layers]
    if not result.changed:
        return NotebookResult(text, False, diagnostics, layers, result.kinds)

    new_sources = _split_cells(result.code, cells)
    replacements = {}
    for cell, new in zip(cells, new_sources, strict=True):
        if new != cell.source:
            replacements[cell.index] = new
    if not replacements:
        return NotebookResult(text, False, diagnostics, layers, result.kinds)
    new_text = _splice(text, nb, cells, replacements)
    return NotebookResult(new_text, True, diagnostics, layers, result.kinds)


@dataclasses.dataclass(frozen=True)
class _Cell:
    index: int  # position in nb["cells"]
    source: str  # the cell's text, joined
    as_list: bool  # stored as a list of lines (the usual form) or one string
    masks: dict[str, str]  # placeholder line -> original line
    first_line: int  # line of the joined module where the cell starts


def _is_python(nb: dict[str, Any]) -> bool:
    metadata = nb.get("metadata") or {}
    language = (metadata.get("language_info") or {}).get("name") or (
        metadata.get("kernelspec") or {}
    ).get("language")
    return language is None or str(language).lower() == "python"


def _mask(src: str) -> tuple[str | None, dict[str, str]]:
    """Replace IPython-only lines by unique Python placeholders.

    Returns None for a cell whose cell magic makes it something else.
    """
    lines = src.split("\n")
    masks: dict[str, str] = {}
    first = lines[0].lstrip()
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return None, masks
    for i, line in enumerate(lines):
        if _MAGIC_LINE.search(line) and not line.lstrip().startswith("#"):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            key = indent + _PLACEHOLDER.format(i)
            masks[key] = line
            lines[i] = key
    return "\n".join(lines), masks


def _locate(item: dict[str, Any], cells: list[_Cell]) -> dict[str, Any]:
    """Turn a line of the joined module into a cell and a line in it."""
    line = item.get("line")
    cell = cells[0]
    for candidate in cells:
        if isinstance(line, int) and candidate.first_line <= line:
            cell = candidate
    located = {"cell": cell.index, **item}
    if isinstance(line, int):
        located["line"] = max(1, line - cell.first_line + 1)
    return located


def _cell_syntax_error(exc: migrate.MigrationSyntaxError, cells: list[_Cell]) -> NotebookError:
    where = "a code cell"
    if getattr(exc, "line", None) is not None:
        spot = _locate({"line": exc.line}, cells)
        where = f"cell {spot['cell']}, line {spot['line']}"
    return NotebookError(f"syntax error in {where}: {getattr(exc, 'reason', exc)}")


def _split_cells(code: str, cells: list[_Cell]) -> list[str]:
    lines = code.split("\n")
    out: list[str] = []
    start = 0
    for number, cell in enumerate(cells):
        marker = _BOUNDARY.format(number)
        try:
            end = lines.index(marker, start)
        except ValueError:
            raise NotebookError(
                "the migrated code cells could not be mapped back to the notebook"
            ) from None
        body = [cell.masks.get(line, line) for line in lines[start:end]]
        new = "\n".join(body) + "\n"
        if not cell.source.endswith("\n"):
            new = new[:-1]
        out.append(new)
        start = end + 1
    return out


def _splice(text: str, nb: dict[str, Any], cells: list[_Cell], replacements: dict[int, str]) -> str:
    """Write the new sources into the original JSON text, nothing else."""
    spans = _source_spans(text)
    ensure_ascii = text.isascii()
    by_index = {cell.index: cell for cell in cells}
    out: list[str] = []
    pos = 0
    for index in sorted(replacements):
        start, end = spans[index]
        out.append(text[pos:start])
        out.append(
            _dump_source(
                replacements[index], by_index[index].as_list, text[start:end], ensure_ascii
            )
        )
        pos = end
    out.append(text[pos:])
    new_text = "".join(out)
    # Check the splice against the intended notebook before anything is written.
    for index, new in replacements.items():
        cell = nb["cells"][index]
        cell["source"] = _as_lines(new) if by_index[index].as_list else new
    if json.loads(new_text) != nb:
        raise NotebookError("the notebook could not be rewritten without changing its layout")
    return new_text


def _as_lines(src: str) -> list[str]:
    parts = src.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _dump_source(src: str, as_list: bool, old: str, ensure_ascii: bool) -> str:
    if not as_list:
        return json.dumps(src, ensure_ascii=ensure_ascii)
    items = [json.dumps(line, ensure_ascii=ensure_ascii) for line in _as_lines(src)]
    if "\n" not in old:
        return "[" + ", ".join(items) + "]"
    # Reuse the old list's indentation: nbformat writes one line per element.
    open_ws = re.match(r"\[(\s*)", old)
    close_ws = re.search(r"(\s*)\]$", old)
    item_ws = open_ws.group(1) if open_ws else "\n"
    end_ws = close_ws.group(1) if close_ws else "\n"
    if not items:
        return "[]"
    return "[" + item_ws + ("," + item_ws).join(items) + end_ws + "]"


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _source_spans(text: str) -> dict[int, tuple[int, int]]:
    """Character spans of each cell's `source` value in the notebook text."""
    members, _ = _scan_object(text, _WS.match(text, 0).end())
    start, _ = members["cells"]
    spans: dict[int, tuple[int, int]] = {}
    i = _WS.match(text, start + 1).end()
    index = 0
    while text[i] != "]":
        if text[i] == "{":
            cell_members, end = _scan_object(text, i)
            if "source" in cell_members:
                spans[index] = cell_members["source"]
        else:
            _, end = _DECODER.raw_decode(text, i)
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
        index += 1
    return spans


def _scan_object(text: str, i: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Spans of the member values of the JSON object starting at `text[i]`."""
    members: dict[str, tuple[int, int]] = {}
    i = _WS.match(text, i + 1).end()
    while text[i] != "}":
        key, i = json.decoder.scanstring(text, i + 1)
        i = _WS.match(text, i).end() + 1  # past the colon
        i = _WS.match(text, i).end()
        _, end = _DECODER.raw_decode(text, i)
        members[key] = (i, end)
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
    return members, i + 1
