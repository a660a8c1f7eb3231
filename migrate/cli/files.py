"""Files on disk: walking a tree, exact encodings, atomic writes.

Nothing here parses or runs Python: the walk looks at names and directory
entries only, decoding follows PEP 263 / PEP 3120 exactly as the interpreter
would, and the encoder reverses the decoding byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import io
import os
import stat
import tempfile
import tokenize
from collections.abc import Iterable, Iterator, Sequence

from migrate.cli.ignore import IgnoreRules, parent_rules

DEFAULT_INCLUDE: tuple[str, ...] = ("*.py", "*.ipynb")

# Directory names skipped during a walk (not when named on the command line):
# version control, caches, build output and virtual environments.
DEFAULT_EXCLUDED_DIRS: frozenset[str] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".eggs",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
        "node_modules",
        "site-packages",
        "build",
        "dist",
    }
)


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """A file found by the walk.

    Args:
        path: the path as shown to the user (built from the path they gave).
        real: the path used to read and write; for a symlink named on the
            command line it is the link's target, so the link stays a link.
    """

    path: str
    real: str


@dataclasses.dataclass(frozen=True)
class WalkError:
    """A path that could not be walked (missing, unlistable, not a file)."""

    path: str
    message: str


@dataclasses.dataclass(frozen=True)
class TextFormat:
    """How a file's bytes map to text, so the text maps back exactly.

    Args:
        encoding: the codec the interpreter would use ("utf-8-sig" with a BOM).
        crlf: every line ended in CRLF; the text is handed on with LF only.
    """

    encoding: str
    crlf: bool


class SourceDecodeError(ValueError):
    """The bytes are not text in the encoding the file declares."""


def _matches(patterns: Sequence[str], name: str, relpath: str, shown: str = "") -> bool:
    # A pattern with a slash is matched against the path relative to the
    # walked root and against the path as shown (so both "gen/*" and
    # "src/gen/*" work for "tf1-migrate src"); one without is matched against
    # the entry's name only, as .gitignore does ("*_pb2.py").
    for pattern in patterns:
        if "/" not in pattern:
            if fnmatch.fnmatchcase(name, pattern):
                return True
        elif fnmatch.fnmatchcase(relpath, pattern) or (
            shown and fnmatch.fnmatchcase(_posix(shown), pattern)
        ):
            return True
    return False


def _posix(path: str) -> str:
    path = path.replace(os.sep, "/")
    return path[2:] if path.startswith("./") else path


def iter_source_files(
    paths: Iterable[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    gitignore: bool = True,
) -> Iterator[SourceFile | WalkError]:
    """Yield the files to process, in a deterministic order, lazily.

    Directories are walked depth first in sorted order. Symlinks met during a
    walk are never followed (a link into the tree reaches a file the walk
    visits anyway, a link out of it must not be followed, and a link loop
    cannot hang). Non-regular files (FIFOs, sockets) are skipped, so a read
    never blocks. Files named explicitly are processed whatever their suffix,
    unless excluded.

    Args:
        paths: files and directories, as given on the command line.
        include: globs a walked file must match.
        exclude: globs that exclude files and directories.
        gitignore: honour `.gitignore` files while walking directories (see
            `migrate.cli.ignore`); files named in `paths` are never ignored.

    Returns:
        An iterator of `SourceFile`, with a `WalkError` for each path that
        could not be read.
    """
    # Overlapping arguments ("src src/a.py", "src/pkg src") would process a
    # file twice; remembering the roots costs memory per argument, not per file.
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    for given in paths:
        real = os.path.realpath(given)
        try:
            st = os.stat(real)
        except OSError as exc:
            yield WalkError(given, _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            if _inside(real, seen_dirs):
                continue
            rules = parent_rules(real).entering(real) if gitignore else None
            yield from _walk(given, real, include, exclude, seen_files, seen_dirs, rules)
            seen_dirs.add(real)
        elif stat.S_ISREG(st.st_mode):
            name = os.path.basename(given)
            if real in seen_files or _inside(real, seen_dirs):
                continue
            seen_files.add(real)
            if not _matches(exclude, name, _posix(given)):
                yield SourceFile(given, real)
        else:
            yield WalkError(given, "not a regular file or directory")


def _inside(real: str, dirs: set[str]) -> bool:
    return any(real == d or real.startswith(d.rstrip(os.sep) + os.sep) for d in dirs)


def _walk(
    root: str,
    real_root: str,
    include: Sequence[str],
    exclude: Sequence[str],
    seen_files: set[str],
    seen_dirs: set[str],
    rules: IgnoreRules | None,
) -> Iterator[SourceFile | WalkError]:
    # A stack of directory listings instead of recursion: deep trees cannot
    # overflow it, and files come out in sorted, depth-first order. Each listing
    # carries the ignore rules in force in its directory.
    stack = [(_listing(root, real_root, ""), rules)]
    while stack:
        listing, rules = stack[-1]
        entry = next(listing, None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, WalkError):
            yield entry
            continue
        shown, dir_entry, rel = entry
        try:
            if dir_entry.is_symlink():
                continue
            if dir_entry.is_dir(follow_symlinks=False):
                name = dir_entry.name
                if name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info"):
                    continue
                if _matches(exclude, name, rel, shown) or dir_entry.path in seen_dirs:
                    continue
                if rules is not None and rules.ignored(dir_entry.path, is_dir=True):
                    continue
                inner = rules.entering(dir_entry.path) if rules is not None else None
                stack.append((_listing(shown, dir_entry.path, rel), inner))
            elif dir_entry.is_file(follow_symlinks=False):
                if not _matches(include, dir_entry.name, rel, shown):
                    continue
                if _matches(exclude, dir_entry.name, rel, shown) or dir_entry.path in seen_files:
                    continue
                if rules is not None and rules.ignored(dir_entry.path, is_dir=False):
                    continue
                yield SourceFile(shown, dir_entry.path)
        except OSError as exc:  # the entry vanished between listing and stat
            yield WalkError(shown, _os_reason(exc))


def _listing(
    shown: str, real: str, rel: str
) -> Iterator[tuple[str, os.DirEntry[str], str] | WalkError]:
    try:
        with os.scandir(real) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield WalkError(shown, f"cannot list directory: {_os_reason(exc)}")
        return
    if rel and any(e.name == "pyvenv.cfg" for e in entries):
        return  # a virtual environment, whatever its name
    for e in entries:
        # "tf1-migrate ." shows "pkg/a.py", not "./pkg/a.py".
        child = e.name if shown in (".", "") else os.path.join(shown, e.name)
        yield child, e, f"{rel}/{e.name}" if rel else e.name


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_file(path: str) -> tuple[bytes, tuple[int, int, int]]:
    """Read a regular file whole.

    Args:
        path: the file to read.

    Returns:
        The bytes and a signature (inode, size, mtime in ns) taken from the
        open file, so a later write can tell whether the file changed since.

    Raises:
        OSError: the file vanished, cannot be read, or is not a regular file
            (checked on the open descriptor, so a FIFO never blocks a read).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "not a regular file", path)
        data = f.read()
    return data, file_signature(st)


def file_signature(st: os.stat_result) -> tuple[int, int, int]:
    """The part of a stat result that changes when a file's content is replaced."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def decode_source(data: bytes) -> tuple[str, TextFormat]:
    """Decode Python source as the interpreter would, remembering how.

    Args:
        data: the file's bytes.

    Returns:
        The text (CRLF line endings turned into LF when every line ends in
        CRLF, since the codemod emits LF) and the `TextFormat` that
        `encode_source` needs to give back the same bytes.

    Raises:
        SourceDecodeError: unknown coding cookie, or bytes invalid in it.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" not in str(exc):
            raise SourceDecodeError(f"cannot decode: {exc}") from None
        # The first lines are not UTF-8 and no cookie says otherwise: decoding
        # as UTF-8 below fails with the byte position, a more useful message.
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceDecodeError(
            f"cannot decode as {encoding} (byte {exc.start}: {exc.reason}); "
            "declare the file's encoding with a PEP 263 coding comment"
        ) from None
    crlf = False
    n_crlf = text.count("\r\n")
    # Only a file whose line endings are all CRLF is normalised: mixed endings
    # go through as they are, so every byte can be restored.
    if n_crlf and n_crlf == text.count("\n") == text.count("\r"):
        text = text.replace("\r\n", "\n")
        crlf = True
    return text, TextFormat(encoding, crlf)


def encode_source(text: str, fmt: TextFormat) -> bytes:
    """Reverse `decode_source`.

    Args:
        text: source text as `decode_source` returned it (possibly migrated).
        fmt: the format `decode_source` returned.

    Returns:
        The bytes to write.

    Raises:
        UnicodeEncodeError: the text holds a character the encoding lacks.
    """
    if fmt.crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(fmt.encoding)


def display_text(text: str, fmt: TextFormat) -> str:
    """The text with its original line endings, for diffs."""
    return text.replace("\n", "\r\n") if fmt.crlf else text


def is_read_only(st: os.stat_result) -> bool:
    """True when no write bit is set: the owner marked the file read-only.

    Checked on the mode bits rather than with `os.access`, because a
    superuser may write anything and would otherwise overwrite such files.
    """
    return not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def atomic_write(path: str, data: bytes, expected: tuple[int, int, int] | None = None) -> None:
    """Replace a file's content atomically, keeping its mode.

    The data goes to a temporary file in the same directory (same file
    system, so the rename is atomic), is flushed to disk, and then replaces
    the file: a crash at any point leaves either the old or the new content,
    and the temporary file is removed on any error.

    Args:
        path: the existing file to replace.
        data: the new content.
        expected: the signature from `read_file`; if the file changed since,
            nothing is written.

    Raises:
        OSError: the file changed or vanished since it was read, is
            read-only, or the write failed (the file is then unchanged).
    """
    st = os.stat(path)
    if expected is not None and file_signature(st) != expected:
        raise OSError(0, "changed on disk during the run; not rewritten", path)
    if is_read_only(st):
        raise OSError(0, "read-only file; not rewritten", path)
    directory, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tf1-migrate", dir=directory or ".")
    try:
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        _keep_owner(tmp, st)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory or ".")


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    # The new file belongs to whoever runs the tool; give it back to the old
    # file's owner where allowed (running as root over others' files).
    if hasattr(os, "getuid") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.chown(tmp, st.st_uid, st.st_gid)


def _fsync_directory(directory: str) -> None:
    # Makes the rename itself durable; not possible on every platform.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
