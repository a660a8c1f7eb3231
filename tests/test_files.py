"""Tests of migrate.cli.files: walking, exact encodings, atomic writes."""

import os
import stat

import pytest

from migrate.cli import files as _files

# --- decoding and encoding ---------------------------------------------------

ROUND_TRIP = [
    pytest.param(b"x = 1\n", "utf-8", False, id="plain utf-8"),
    pytest.param(b"x = 1", "utf-8", False, id="no final newline"),
    pytest.param(b"\xef\xbb\xbfx = '\xc3\xa9'\n", "utf-8-sig", False, id="utf-8 BOM"),
    pytest.param(b"x = 1\r\ny = 2\r\n", "utf-8", True, id="CRLF"),
    pytest.param(b"x = 1\r\ny = 2", "utf-8", True, id="CRLF, no final newline"),
    pytest.param(b"x = 1\r\ny = 2\n", "utf-8", False, id="mixed line endings"),
    pytest.param(b"x = 1\ry = 2\r", "utf-8", False, id="old Mac CR"),
    pytest.param(
        b"# -*- coding: latin-1 -*-\nname = 'Jos\xe9'\n", "iso-8859-1", False, id="latin-1 cookie"
    ),
    pytest.param(
        b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = '\x80'\r\n",
        "cp1252",
        False,
        id="cp1252 cookie, mixed endings",
    ),
    pytest.param(
        b"\xef\xbb\xbf# coding: utf-8\r\nx = '\xe2\x82\xac'\r\n",
        "utf-8-sig",
        True,
        id="BOM+cookie+CRLF",
    ),
]


@pytest.mark.parametrize(("data", "encoding", "crlf"), ROUND_TRIP)
def test_decode_encode_round_trip(data, encoding, crlf):
    text, fmt = _files.decode_source(data)
    assert fmt == _files.TextFormat(encoding, crlf)
    assert "\r\n" not in text or not crlf
    assert _files.encode_source(text, fmt) == data


def test_crlf_edit_restores_crlf_everywhere():
    text, fmt = _files.decode_source(b"a = 1\r\nb = 2\r\n")
    assert text == "a = 1\nb = 2\n"
    assert _files.encode_source(text.replace("b = 2", "b = 3\nc = 4"), fmt) == (
        b"a = 1\r\nb = 3\r\nc = 4\r\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"x = '\xe9'\n", "cannot decode as utf-8 (byte 5: invalid continuation", id="utf8"
        ),
        pytest.param(b"# coding: klingon\nx = 1\n", "unknown encoding: klingon", id="cookie"),
        pytest.param(
            b"\xef\xbb\xbf# coding: latin-1\n", "encoding problem: utf-8", id="bom+latin1"
        ),
    ],
)
def test_decode_errors_name_the_reason(data, message):
    with pytest.raises(_files.SourceDecodeError, match="cannot decode") as info:
        _files.decode_source(data)
    assert message in str(info.value)


def test_display_text_restores_crlf():
    fmt = _files.TextFormat("utf-8", True)
    assert _files.display_text("a\nb\n", fmt) == "a\r\nb\r\n"


# --- walking -------------------------------------------------------------------


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _walk(*paths, **kwargs):
    return [
        (type(item).__name__, item.path)
        for item in _files.iter_source_files([str(p) for p in paths], **kwargs)
    ]


def test_walk_is_sorted_depth_first_and_filters_suffixes(tmp_path):
    for rel in ["b.py", "a/z.py", "a/b/c.py", "a/m.ipynb", "a/notes.txt", "c.pyi", "a0.py"]:
        _touch(tmp_path / rel)
    root = str(tmp_path)
    assert _walk(tmp_path) == [
        ("SourceFile", os.path.join(root, "a", "b", "c.py")),
        ("SourceFile", os.path.join(root, "a", "m.ipynb")),
        ("SourceFile", os.path.join(root, "a", "z.py")),
        ("SourceFile", os.path.join(root, "a0.py")),
        ("SourceFile", os.path.join(root, "b.py")),
    ]


def test_walk_skips_default_directories_and_any_virtualenv(tmp_path):
    for rel in [
        ".git/hooks/x.py",
        "venv/lib/x.py",
        "__pycache__/x.py",
        "build/lib/x.py",
        "dist/x.py",
        "pkg.egg-info/x.py",
        "my_env/lib/x.py",
        "src/keep.py",
    ]:
        _touch(tmp_path / rel)
    _touch(tmp_path / "my_env" / "pyvenv.cfg", "home = /usr\n")
    assert _walk(tmp_path) == [("SourceFile", os.path.join(str(tmp_path), "src", "keep.py"))]
    # A default-skipped directory named on the command line is walked.
    assert _walk(tmp_path / "build") == [
        ("SourceFile", os.path.join(str(tmp_path), "build", "lib", "x.py"))
    ]


def test_walk_include_and_exclude_globs(tmp_path):
    for rel in ["a.py", "a_pb2.py", "gen/b.py", "src/gen/c.py", "src/d.py", "tool.pyw"]:
        _touch(tmp_path / rel)
    names = [
        os.path.relpath(p, tmp_path)
        for _, p in _walk(tmp_path, exclude=["*_pb2.py", "src/gen"], include=["*.py", "*.pyw"])
    ]
    assert names == ["a.py", "gen/b.py", "src/d.py", "tool.pyw"]
    # Without a slash a pattern matches names at any depth.
    names = [os.path.relpath(p, tmp_path) for _, p in _walk(tmp_path, exclude=["gen"])]
    assert names == ["a.py", "a_pb2.py", "src/d.py"]


def test_explicit_file_ignores_include_but_not_exclude(tmp_path):
    script = _touch(tmp_path / "train")
    assert _walk(script) == [("SourceFile", str(script))]
    assert _walk(script, exclude=["train"]) == []


def test_symlink_loop_and_links_out_of_the_tree_are_not_followed(tmp_path):
    tree = tmp_path / "tree"
    outside = _touch(tmp_path / "outside" / "secret.py")
    _touch(tree / "pkg" / "mod.py")
    os.symlink(tree, tree / "pkg" / "loop")  # a directory loop
    os.symlink(outside.parent, tree / "escape")  # a directory outside
    os.symlink(outside, tree / "pkg" / "linked.py")  # a file outside
    os.symlink(tree / "pkg" / "mod.py", tree / "alias.py")  # a file inside, seen anyway
    assert _walk(tree) == [("SourceFile", os.path.join(str(tree), "pkg", "mod.py"))]


def test_explicit_symlink_writes_through_to_its_target(tmp_path):
    target = _touch(tmp_path / "real.py")
    link = tmp_path / "link.py"
    os.symlink(target, link)
    (item,) = _files.iter_source_files([str(link)])
    assert item == _files.SourceFile(str(link), str(target))


def test_overlapping_arguments_give_each_file_once(tmp_path):
    a = _touch(tmp_path / "src" / "a.py")
    b = _touch(tmp_path / "src" / "pkg" / "b.py")
    paths = _walk(a, tmp_path / "src" / "pkg", tmp_path / "src", a)
    assert sorted(p for _, p in paths) == sorted([str(a), str(b)])
    assert len(paths) == 2


def test_missing_path_and_fifo_are_walk_errors(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    _touch(tmp_path / "ok.py")
    assert _walk(tmp_path / "nope.py", fifo) == [
        ("WalkError", str(tmp_path / "nope.py")),
        ("WalkError", str(fifo)),
    ]
    errors = list(_files.iter_source_files([str(tmp_path / "nope.py")]))
    assert errors[0].message == "No such file or directory"
    # In a walk a FIFO is skipped without being opened (opening would block).
    assert _walk(tmp_path) == [("SourceFile", str(tmp_path / "ok.py"))]


# --- reading and writing ---------------------------------------------------------


def test_read_file_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        _files.read_file(str(fifo))


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o751)
    _, signature = _files.read_file(str(path))
    _files.atomic_write(str(path), b"new\r\n", signature)
    assert path.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    assert os.listdir(tmp_path) == ["m.py"]


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_crash_during_write_leaves_old_content_and_no_temp_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "m.py"
    path.write_bytes(b"old content\n")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = open

        class Exploding:
            def __init__(self, f):
                self._f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._f.close()

            def write(self, data):
                self._f.write(data[: len(data) // 2])  # a partial write, then the crash
                crash()

        monkeypatch.setattr(
            _files, "open", lambda fd, mode: Exploding(real_fdopen(fd, mode)), raising=False
        )
    else:
        monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError, match="No space left on device"):
        _files.atomic_write(str(path), b"new content that is longer\n")
    assert path.read_bytes() == b"old content\n"
    assert os.listdir(tmp_path) == ["m.py"]


def test_atomic_write_refuses_a_file_changed_since_it_was_read(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    _, signature = _files.read_file(str(path))
    path.write_bytes(b"edited by someone else\n")
    with pytest.raises(OSError, match="changed on disk during the run; not rewritten"):
        _files.atomic_write(str(path), b"new\n", signature)
    assert path.read_bytes() == b"edited by someone else\n"


def test_atomic_write_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o444)
    with pytest.raises(OSError, match="read-only file; not rewritten"):
        _files.atomic_write(str(path), b"new\n")
    assert path.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["m.py"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_atomic_write_keeps_the_owner(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.chown(path, 1234, 5678)
    _files.atomic_write(str(path), b"new\n")
    st = os.stat(path)
    assert (st.st_uid, st.st_gid) == (1234, 5678)
