"""Processing files: prefilter in the main process, parse in worker processes.

Every file is read, decoded and searched in the main process (this is the
cheap part and the floor of any tool); only files that can hold a candidate
are sent, in small chunks, to a process pool that parses, migrates and writes
them. Results come back in the order of the walk, through a bounded window of
chunks in flight, so memory does not grow with the size of the tree.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import difflib
import re
import signal
from collections.abc import Iterable, Iterator
from typing import Any

import migrate
from migrate.cli import files as _files
from migrate.cli import notebooks as _notebooks


@dataclasses.dataclass(frozen=True)
class Options:
    """What to do with a migrated file.

    Args:
        target: the codemod target ("keras" or "compat").
        write: rewrite changed files in place.
        diff: compute a unified diff of each changed file.
        output: keep the new bytes (for stdin to stdout).
    """

    target: str = "keras"
    write: bool = False
    diff: bool = False
    output: bool = False


@dataclasses.dataclass
class Outcome:
    """What happened to one file; small, picklable, and JSON-ready."""

    path: str
    parsed: bool = False
    changed: bool = False
    diagnostics: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    layers: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    kinds: dict[str, int] = dataclasses.field(default_factory=dict)
    error: str | None = None
    diff: str | None = None
    output: bytes | None = None


@dataclasses.dataclass(frozen=True)
class Task:
    """A file that may hold a candidate, read and decoded, ready to parse."""

    path: str
    real: str | None  # None for stdin: nothing to write back
    text: str
    fmt: _files.TextFormat
    signature: tuple[int, int, int] | None
    notebook: bool


def is_notebook(path: str) -> bool:
    return path.endswith(".ipynb")


def prepare(item: _files.SourceFile) -> Outcome | Task:
    """Read, decode and prefilter one file (main process).

    Returns:
        An `Outcome` when the file needs no parsing (no candidate, or it
        could not be read or decoded), else a `Task`.
    """
    try:
        data, signature = _files.read_file(item.real)
    except OSError as exc:
        return Outcome(item.path, error=f"cannot read: {exc.strerror or exc}")
    return prepare_bytes(item.path, item.real, data, signature, is_notebook(item.path))


def prepare_bytes(
    path: str,
    real: str | None,
    data: bytes,
    signature: tuple[int, int, int] | None,
    notebook: bool,
) -> Outcome | Task:
    """Decode and prefilter bytes already read."""
    try:
        text, fmt = _files.decode_source(data)
    except _files.SourceDecodeError as exc:
        return Outcome(path, error=str(exc))
    if not migrate.might_contain_candidates(text):
        return Outcome(path)
    return Task(path, real, text, fmt, signature, notebook)


# Statements only Python 2 accepts, to say why a file does not parse (the
# hint is given only for files that failed to parse).
_PYTHON2 = re.compile(
    r"^[ \t]*(?:print[ \t]+[\"'\w]|exec[ \t]+[\"'\w]|raise[ \t]+\w+[ \t]*,"
    r"|except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:)|\bur[\"']",
    re.MULTILINE,
)


def run_task(task: Task, options: Options) -> Outcome:
    """Parse, migrate, and write or diff one file. Never raises."""
    outcome = Outcome(task.path, parsed=True)
    try:
        if task.notebook:
            nb = _notebooks.migrate_notebook(task.text, target=options.target, path=task.path)
            code, diagnostics, layers, kinds = nb.code, nb.diagnostics, nb.layers, nb.kinds
        else:
            result = migrate.migrate_source(task.text, target=options.target, path=task.path)
            code = result.code
            diagnostics = [item.to_dict() for item in result.diagnostics]
            layers = [record.to_dict() for record in result.layers]
            kinds = result.kinds
    except migrate.MigrationSyntaxError as exc:
        # The exception's message repeats the path, which the report has already.
        line = getattr(exc, "line", None)
        where = f" at line {line}" if line is not None else ""
        outcome.error = f"syntax error{where}, not migrated: {getattr(exc, 'reason', exc)}"
        if _PYTHON2.search(task.text):
            outcome.error += "; this looks like Python 2 code: port it to Python 3 first"
        return outcome
    except _notebooks.NotebookError as exc:
        outcome.error = f"notebook not migrated: {exc}"
        return outcome
    except RecursionError:
        outcome.error = "not migrated: too deeply nested to parse"
        return outcome
    except Exception as exc:  # one bad file must never stop the run
        outcome.error = (
            f"internal error, not migrated ({type(exc).__name__}: {exc}); please report it"
        )
        return outcome
    outcome.diagnostics = diagnostics
    outcome.layers = layers
    if code == task.text:
        return outcome
    try:
        data = _files.encode_source(code, task.fmt)
    except UnicodeEncodeError as exc:
        outcome.error = (
            f"not written: the migrated code cannot be encoded as {task.fmt.encoding} "
            f"({exc.reason})"
        )
        return outcome
    if options.write and task.real is not None:
        try:
            _files.atomic_write(task.real, data, task.signature)
        except OSError as exc:
            outcome.error = f"not written: {exc.strerror or exc}"
            return outcome
    outcome.changed = True
    outcome.kinds = kinds
    if options.diff:
        outcome.diff = unified_diff(
            _files.display_text(task.text, task.fmt), _files.display_text(code, task.fmt), task.path
        )
    if options.output:
        outcome.output = data
    return outcome


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; only the main process handles
    # it (stops submitting, lets running files finish their atomic writes).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(tasks: list[Task], options: Options) -> list[Outcome]:
    return [run_task(task, options) for task in tasks]


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff that `patch -p1` and `git apply` accept."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{path}",
        f"b/{path}",
    )
    out = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


class Pipeline:
    """Ordered, bounded, parallel processing of a stream of files.

    Args:
        options: what to do with each file.
        jobs: worker processes; 1 runs everything in this process.
        chunk_size: files per task sent to a worker.
    """

    # Cheap outcomes waiting behind a chunk in flight are flushed at this
    # count, so a long run of files without candidates does not pile up.
    _MAX_BATCH = 256

    def __init__(self, options: Options, jobs: int, chunk_size: int = 2) -> None:
        self._options = options
        self._jobs = jobs
        self._chunk_size = chunk_size
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        # (batch, future or None, the pool that runs it)
        self._slots: collections.deque[tuple[list[Outcome | Task], Any, Any]] = collections.deque()
        self._batch: list[Outcome | Task] = []
        self._batch_tasks = 0
        self._window = 4 * jobs

    def run(self, items: Iterable[Outcome | Task]) -> Iterator[Outcome]:
        """Process `items` and yield one outcome per item, in order."""
        try:
            for item in items:
                if self._jobs == 1:
                    yield run_task(item, self._options) if isinstance(item, Task) else item
                    continue
                self._batch.append(item)
                if isinstance(item, Task):
                    self._batch_tasks += 1
                if self._batch_tasks >= self._chunk_size or len(self._batch) >= self._MAX_BATCH:
                    self._flush()
                    yield from self._drain(final=False)
            self._flush()
            yield from self._drain(final=True)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _flush(self) -> None:
        if not self._batch:
            return
        tasks = [item for item in self._batch if isinstance(item, Task)]
        future = None
        pool = None
        if tasks:
            pool = self._ensure_pool()
            future = pool.submit(_run_chunk, tasks, self._options)
        self._slots.append((self._batch, future, pool))
        self._batch = []
        self._batch_tasks = 0

    def _drain(self, final: bool) -> Iterator[Outcome]:
        while self._slots:
            batch, future, pool = self._slots[0]
            # Wait for the oldest chunk only at the end or when the window is
            # full; otherwise hand on whatever is already done, in order.
            must_wait = final or len(self._slots) > self._window
            if future is not None and not future.done() and not must_wait:
                return
            self._slots.popleft()
            results = iter(self._results(batch, future, pool))
            for item in batch:
                yield next(results) if isinstance(item, Task) else item

    def _results(self, batch: list[Outcome | Task], future: Any, pool: Any) -> list[Outcome]:
        if future is None:
            return []
        try:
            return future.result()
        except concurrent.futures.process.BrokenProcessPool:
            # A worker died (killed, out of memory, a crash in a C extension),
            # failing every chunk of its pool. Retrying each file alone in a
            # fresh pool fails only the file that kills a worker again.
            self._discard(pool)
            return [self._retry(item) for item in batch if isinstance(item, Task)]

    def _retry(self, task: Task) -> Outcome:
        pool = self._ensure_pool()
        try:
            return pool.submit(run_task, task, self._options).result()
        except concurrent.futures.process.BrokenProcessPool:
            self._discard(pool)
            return Outcome(
                task.path, parsed=True, error="not migrated: the worker process died on this file"
            )

    def _ensure_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # A file needs parsing: load the codemod here once, before the workers
            # start, so that workers forked from this process need not each import it.
            import migrate.codemod.source  # noqa: F401

            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self._jobs, initializer=_ignore_interrupts
            )
        return self._pool

    def _discard(self, pool: Any) -> None:
        if pool is self._pool:
            pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
