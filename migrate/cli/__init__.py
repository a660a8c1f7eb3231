"""`tf1-migrate`: migrate TF1 legacy layer code in whole trees, safely.

Modules: `files` (walk, encodings, atomic writes), `ignore` (.gitignore), `config`
([tool.tf1-migrate] in pyproject.toml), `runner` (prefilter, workers), `report`
(summary, JSON report), `notebooks`, `checkpoint` (`tf1-migrate checkpoint ...`).

The tool never imports or runs the code it rewrites: files are read as bytes,
searched as text, and parsed by libcst. TensorFlow is not imported either
(except by `tf1-migrate checkpoint`, which needs it and loads it on demand).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import zlib
from collections.abc import Iterator
from typing import Any

import migrate
from migrate.cli import config as _config
from migrate.cli import files as _files
from migrate.cli import report as _report
from migrate.cli import runner as _runner

_EPILOG = """\
examples:
  tf1-migrate --diff examples/            show what would change, write nothing
  tf1-migrate --target compat src/        every legacy layer name -> compat_layers
  tf1-migrate src/ notebooks/             SeparableConv1D -> Keras 3 (--target keras)
  tf1-migrate --check --report r.json .   CI: exit 1 if anything would change
  tf1-migrate --shard 2/8 --check .       the 2nd of 8 slices of the tree
  tf1-migrate - < model.py > new.py       stdin to stdout (for editors)
  tf1-migrate checkpoint inspect CKPT     separable conv layers of a TF1 checkpoint

exit status: 0 success, 1 --check found changes, 2 usage error or a file failed.
"""


# Seconds before the progress bar appears: short runs never show one.
_PROGRESS_DELAY = 0.5


class _VersionAction(argparse.Action):
    # Looks the version up only when asked, keeping start-up fast.
    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"tf1-migrate {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("tf1-compat")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            "Invalid value for argument `--jobs`. Expected a positive integer. "
            f"Received: --jobs={text}"
        )
    return value


def _shard(text: str) -> tuple[int, int]:
    k, sep, n = text.partition("/")
    try:
        index, count = int(k), int(n)
    except ValueError:
        index = count = 0
    if not sep or count < 1 or not 1 <= index <= count:
        raise argparse.ArgumentTypeError(
            "Invalid value for argument `--shard`. Expected K/N with 1 <= K <= N, "
            f"e.g. 2/8. Received: --shard={text}"
        )
    return index, count


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `tf1-migrate` (without the `checkpoint` command)."""
    parser = argparse.ArgumentParser(
        prog="tf1-migrate",
        usage="%(prog)s [options] PATH...\n       %(prog)s checkpoint {inspect,convert} ...",
        description=(
            "Migrate TensorFlow 1 legacy layer code (tf.compat.v1.layers, nn.rnn_cell) to "
            "compat_layers (--target compat), or SeparableConv1D (and Keras 2 causal "
            "SeparableConv1D) to Keras 3. Rewrites files in place unless --diff or --check is "
            "given; candidates it cannot migrate with certainty are left as they are and "
            "reported. Defaults may be set in [tool.tf1-migrate] of pyproject.toml."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files and directories (recursive over *.py and *.ipynb); '-' alone reads stdin",
    )
    parser.add_argument(
        "--target",
        choices=migrate.TARGETS,
        default=None,
        help=(
            "compat: every tf.compat.v1.layers / nn.rnn_cell name becomes its compat_layers "
            "name (same arguments, graph mode); keras (default): SeparableConv1D becomes "
            "keras.layers.SeparableConv1D, other legacy layers are reported"
        ),
    )
    parser.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file would change",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of CPUs); 1 runs in this process",
    )
    parser.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="process only the K-th of N deterministic slices of the files",
    )
    parser.add_argument("--report", metavar="FILE", help="write a JSON report to FILE")
    parser.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help="files to take from directories (repeatable; default: *.py and *.ipynb)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=None,
        metavar="GLOB",
        help=(
            "skip matching files and directories (repeatable); a GLOB with '/' matches the "
            "path under the given directory, one without matches names"
        ),
    )
    parser.add_argument(
        "--no-gitignore",
        dest="gitignore",
        action="store_false",
        default=None,
        help="walk into files and directories that .gitignore files ignore",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only diagnostics and errors (no per-file lines, summary or progress bar)",
    )
    parser.add_argument("--version", action=_VersionAction)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `tf1-migrate`.

    Args:
        argv: the arguments, without the program name (default: `sys.argv[1:]`).

    Returns:
        The exit status: 0 success, 1 when `--check` found files to change,
        2 on a usage error or when any file failed.

    Example:

    ```python
    status = main(["--check", "src/"])
    ```
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["checkpoint"]:
        # Imported only here: it needs TensorFlow, the rest of the tool does not.
        from migrate.cli import checkpoint as checkpoints

        return checkpoints.main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if "-" in args.paths and len(args.paths) > 1:
        print(
            "tf1-migrate: error: Invalid value for argument `PATH`. Expected '-' as the only "
            f"path. Received: {' '.join(args.paths)}",
            file=sys.stderr,
        )
        return 2
    try:
        _apply_config(args)
    except _config.ConfigError as exc:
        print(f"tf1-migrate: error: {exc}", file=sys.stderr)
        return 2
    mode = "check" if args.check else "diff" if args.diff else "write"
    try:
        writer = _open_report(args, mode)
    except OSError as exc:
        print(
            "tf1-migrate: error: Invalid value for argument `--report`. Expected a file in an "
            f"existing, writable directory. Received: --report={args.report} ({exc.strerror})",
            file=sys.stderr,
        )
        return 2
    try:
        if args.paths == ["-"]:
            return _run_stdin(args, mode, writer)
        return _run_paths(args, mode, writer)
    except KeyboardInterrupt:
        # Every write is atomic: files are either migrated or untouched.
        print("tf1-migrate: interrupted; files already rewritten stay rewritten", file=sys.stderr)
        return 130


def _apply_config(args: argparse.Namespace) -> None:
    """Fill the options the command line left unset from [tool.tf1-migrate], then defaults."""
    path = _config.find_config(args.paths)
    config = _config.load_config(path) if path is not None else _config.Config(path="")
    if args.target is None:
        args.target = config.target or "keras"
    if args.include is None and config.include is not None:
        args.include = list(config.include)
    if args.exclude is None:
        args.exclude = list(config.exclude or ())
    if args.jobs is None:
        args.jobs = config.jobs
    if args.gitignore is None:
        args.gitignore = True if config.gitignore is None else config.gitignore


def _run_stdin(args: argparse.Namespace, mode: str, writer: _report.ReportWriter | None) -> int:
    options = _runner.Options(target=args.target, diff=args.diff, output=mode == "write")
    data = sys.stdin.buffer.read()
    item = _runner.prepare_bytes("<stdin>", None, data, None, notebook=False)
    outcome = _runner.run_task(item, options) if isinstance(item, _runner.Task) else item
    _print_messages(outcome, mode, args.quiet, _stderr_line)
    if outcome.diff:
        sys.stdout.write(outcome.diff)
    if mode == "write" and outcome.error is None:
        # Unchanged input is echoed, so an editor can always take stdout.
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.output if outcome.changed else data)
        sys.stdout.buffer.flush()
    if writer is not None:
        totals = _report.Totals()
        totals.add(outcome)
        writer.add(outcome)
        writer.close(totals)
    if outcome.error is not None:
        return 2
    return 1 if args.check and outcome.changed else 0


def _run_paths(args: argparse.Namespace, mode: str, writer: _report.ReportWriter | None) -> int:
    start = time.perf_counter()
    options = _runner.Options(target=args.target, write=mode == "write", diff=args.diff)
    jobs = args.jobs or _default_jobs()
    totals = _report.Totals()
    bar = None if args.quiet or not sys.stderr.isatty() else _progress_bar()
    emit = bar.write if bar is not None else _stderr_line
    try:
        for outcome in _runner.Pipeline(options, jobs).run(_prepared(args)):
            totals.add(outcome)
            if writer is not None:
                writer.add(outcome)
            if outcome.diff:
                if bar is not None:
                    bar.clear()
                sys.stdout.write(outcome.diff)
                sys.stdout.flush()
            _print_messages(outcome, mode, args.quiet, emit)
            if bar is not None:
                bar.update()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    totals.seconds = time.perf_counter() - start
    if writer is not None:
        writer.close(totals)
    if not args.quiet:
        print(totals.summary(mode), file=sys.stderr)
    if totals.files_failed:
        return 2
    return 1 if args.check and totals.files_changed else 0


def _open_report(args: argparse.Namespace, mode: str) -> _report.ReportWriter | None:
    if not args.report:
        return None
    return _report.ReportWriter(args.report, _report_header(args, mode))


def _prepared(args: argparse.Namespace) -> Iterator[_runner.Outcome | _runner.Task]:
    include = tuple(args.include) if args.include else _files.DEFAULT_INCLUDE
    items = _files.iter_source_files(
        args.paths, include=include, exclude=args.exclude, gitignore=args.gitignore
    )
    for item in items:
        if args.shard is not None and not in_shard(item.path, *args.shard):
            continue
        if isinstance(item, _files.WalkError):
            yield _runner.Outcome(item.path, error=item.message)
        else:
            yield _runner.prepare(item)


def in_shard(path: str, index: int, count: int) -> bool:
    """Whether `path` belongs to shard `index` (1-based) of `count`.

    A hash of the normalised path, not a position in the file list, so every
    machine decides alone, without walking the tree first, and the shards
    are disjoint and cover every file.
    """
    key = os.path.normpath(path).replace(os.sep, "/")
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % count == index - 1


def _report_header(args: argparse.Namespace, mode: str) -> dict[str, Any]:
    return {
        "schema": _report.SCHEMA_VERSION,
        "tool": "tf1-migrate",
        "version": _version(),
        "target": args.target,
        "mode": mode,
    }


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr)


def _print_messages(outcome: _runner.Outcome, mode: str, quiet: bool, emit: Any) -> None:
    for d in outcome.diagnostics:
        where = f"{outcome.path}:"
        if "cell" in d:
            where += f"cell {d['cell']}:"
        # Editors and terminals count columns from 1; the report keeps libcst's 0.
        column = int(d.get("column") or 0) + 1
        emit(f"{where}{d.get('line')}:{column}: {d.get('code')} {d.get('message')}")
    if outcome.error is not None:
        emit(f"{outcome.path}: error: {outcome.error}")
    elif outcome.changed and not quiet and mode != "diff":
        emit(f"{'migrated' if mode == 'write' else 'would migrate'} {outcome.path}")


def _progress_bar() -> Any:
    import tqdm

    # No monitor thread: the process pool forks, and forking with threads is fragile.
    tqdm.tqdm.monitor_interval = 0
    return tqdm.tqdm(file=sys.stderr, unit=" files", delay=_PROGRESS_DELAY, leave=False)
