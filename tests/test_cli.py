"""Tests of `tf1-migrate` (migrate.cli.main), run in-process on real files."""

import io
import json
import os
import re
import shutil
import stat
import sys
import types

import pytest

import migrate
from migrate import cli
from migrate.cli import files as _files

SOURCE = (
    "import tensorflow as tf\n"
    "\n"
    "\n"
    "def model(x):\n"
    "    # comments survive\n"
    "    with tf.variable_scope('enc'):\n"
    "        return tf.layers.separable_conv1d(x, 8, 3, padding='same', name='conv')\n"
)
# A project's own function of the same name: a candidate for the prefilter,
# left byte-for-byte untouched by the codemod.
OWN_FUNCTION = "def separable_conv1d(x):\n    return x\n\n\nprint(separable_conv1d(1))\n"
PLAIN = "import os\n\nprint(os.sep)\n"
REUSE = "import tensorflow as tf\n\ny = tf.layers.separable_conv1d(x, 8, 3, name='c', reuse=True)\n"


def migrated(source, target="keras"):
    return migrate.migrate_source(source, target=target).code


def write(path, text, encoding="utf-8", newline="\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "src" / "model.py", SOURCE)
    write(tmp_path / "src" / "own.py", OWN_FUNCTION)
    write(tmp_path / "src" / "plain.py", PLAIN)
    write(tmp_path / "src" / "pkg" / "shared.py", REUSE)
    return tmp_path


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(root):
    """Content, mode and mtime of every file: what "untouched" means."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            with open(os.path.join(dirpath, name), "rb") as f:
                out[os.path.join(dirpath, name)] = (f.read(), st.st_mode, st.st_mtime_ns, st.st_ino)
    return out


def test_codemod_changes_the_test_sources_as_these_tests_assume():
    assert migrated(SOURCE) != SOURCE
    assert migrated(OWN_FUNCTION) == OWN_FUNCTION
    assert migrate.might_contain_candidates(OWN_FUNCTION)
    assert not migrate.might_contain_candidates(PLAIN)
    assert migrate.migrate_source(REUSE).diagnostics


# --- modes and exit codes ---------------------------------------------------------


def test_rewrites_in_place_and_leaves_unchanged_files_untouched(tree, capsys):
    before = snapshot(tree)
    status, out, err = run(capsys, "--jobs", "1", "src")
    assert status == 0
    assert out == ""
    after = snapshot(tree)
    model = str(tree / "src" / "model.py")
    assert after[model][0] == migrated(SOURCE).encode()
    assert after[model][1] == before[model][1]
    for path in before:
        if path != model and not path.endswith("shared.py"):
            assert after[path] == before[path], path  # content, mode, mtime and inode
    assert "migrated src/model.py" in err
    assert "tf1-migrate: 4 files scanned, 3 parsed (candidates)" in err


def test_diff_prints_a_patch_and_writes_nothing(tree, capsys):
    before = snapshot(tree)
    status, out, err = run(capsys, "--diff", "-j1", "src/model.py", "src/plain.py")
    assert status == 0
    assert snapshot(tree) == before
    assert out.startswith("--- a/src/model.py\n+++ b/src/model.py\n@@ ")
    removed = [line[1:] for line in out.splitlines(True) if line.startswith("-") and line[1] != "-"]
    added = [line[1:] for line in out.splitlines(True) if line.startswith("+") and line[1] != "+"]
    old, new = SOURCE.splitlines(True), migrated(SOURCE).splitlines(True)
    assert [line for line in old if line not in new] == removed
    assert [line for line in new if line not in old] == added
    assert "would change" in err


def test_check_exits_1_on_changes_and_0_when_clean(tree, capsys):
    before = snapshot(tree)
    status, out, err = run(capsys, "--check", "-j1", "src")
    assert (status, out) == (1, "")
    assert "would migrate src/model.py" in err
    assert snapshot(tree) == before
    status, _, _ = run(capsys, "--check", "src/own.py", "src/plain.py")
    assert status == 0


def test_diagnostics_are_printed_with_path_line_and_column(tree, capsys):
    expected = migrate.migrate_source(REUSE).diagnostics
    status, _, err = run(capsys, "--check", "-j1", "src/pkg")
    lines = [line for line in err.splitlines() if line.startswith("src/pkg/shared.py:")]
    assert lines == [
        f"src/pkg/shared.py:{d.line}:{d.column + 1}: {d.code} {d.message}" for d in expected
    ]
    codes = ", ".join(
        f"{c}: {sum(d.code == c for d in expected)}" for c in sorted({d.code for d in expected})
    )
    assert f"{len(expected)} diagnostic" in err and f"({codes})" in err


def test_target_compat(tree, capsys):
    status, _, _ = run(capsys, "--target", "compat", "-j1", "src/model.py")
    assert status == 0
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE, "compat")


# --- bad files: reported, never fatal ------------------------------------------------

BAD_FILES = [
    pytest.param(
        b"import tensorflow as tf\nprint 'separable_conv1d'\n",
        "syntax error at line 2, not migrated: ",
        "this looks like Python 2 code: port it to Python 3 first",
        id="python 2",
    ),
    pytest.param(
        b"x = tf.layers.separable_conv1d(\n", "syntax error", "not migrated", id="syntax error"
    ),
    pytest.param(
        b"# separable_conv1d\nname = 'Jos\xe9'\n",
        "cannot decode as utf-8 (byte 30: invalid continuation byte)",
        "PEP 263",
        id="undecodable",
    ),
    pytest.param(
        b"# coding: klingon\nseparable_conv1d\n", "cannot decode: unknown encoding", "", id="cookie"
    ),
]


@pytest.mark.parametrize(("data", "reason", "hint"), BAD_FILES)
def test_a_bad_file_is_reported_and_the_rest_is_processed(tree, capsys, data, reason, hint):
    (tree / "src" / "bad.py").write_bytes(data)
    status, _, err = run(capsys, "-j1", "--report", "r.json", "src")
    assert status == 2
    (line,) = [line for line in err.splitlines() if line.startswith("src/bad.py: error: ")]
    assert reason in line and hint in line
    assert (tree / "src" / "bad.py").read_bytes() == data
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)
    report = json.loads((tree / "r.json").read_text())
    (entry,) = [f for f in report["files"] if f["path"] == "src/bad.py"]
    assert reason in entry["error"]
    assert report["totals"]["files_failed"] == 1


def test_read_only_file_is_reported_not_rewritten(tree, capsys):
    model = tree / "src" / "model.py"
    os.chmod(model, 0o444)
    status, _, err = run(capsys, "-j1", "src")
    assert status == 2
    assert "src/model.py: error: not written: read-only file; not rewritten" in err
    assert model.read_text() == SOURCE
    assert stat.S_IMODE(os.stat(model).st_mode) == 0o444


def test_file_removed_mid_run_is_reported(tree, capsys, monkeypatch):
    walk = _files.iter_source_files

    def walk_then_remove(*args, **kwargs):
        for item in walk(*args, **kwargs):
            if item.path.endswith("model.py"):
                os.remove(tree / "src" / "own.py")  # vanishes after the walk listed it
            yield item

    monkeypatch.setattr(_files, "iter_source_files", walk_then_remove)
    status, _, err = run(capsys, "-j1", "src")
    assert status == 2
    assert "src/own.py: error: cannot read: No such file or directory" in err
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)


def test_unreadable_file_is_reported(tree, capsys, monkeypatch):
    read = _files.read_file

    def read_or_deny(path):
        if path.endswith("own.py"):
            raise PermissionError(13, "Permission denied", path)
        return read(path)

    monkeypatch.setattr(_files, "read_file", read_or_deny)
    status, _, err = run(capsys, "-j1", "src")
    assert status == 2
    assert "src/own.py: error: cannot read: Permission denied" in err


def test_crash_during_write_keeps_old_content_and_leaves_no_temp_file(tree, capsys, monkeypatch):
    def crash(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    status, _, err = run(capsys, "-j1", "src")
    assert status == 2
    assert "src/model.py: error: not written: Input/output error" in err
    assert (tree / "src" / "model.py").read_text() == SOURCE
    assert sorted(os.listdir(tree / "src")) == ["model.py", "own.py", "pkg", "plain.py"]


def test_symlink_loop_and_missing_path(tree, capsys):
    os.symlink(tree / "src", tree / "src" / "pkg" / "loop")
    status, _, err = run(capsys, "--check", "-j1", "src", "missing.py")
    assert status == 2
    assert "missing.py: error: No such file or directory" in err
    assert "would migrate src/model.py" in err
    assert "5 files scanned" in err  # 4 files, 1 missing; the loop is not followed


# --- encodings, end to end -----------------------------------------------------------

ENCODINGS = [
    pytest.param("utf-8", "\r\n", "", id="CRLF"),
    pytest.param("utf-8-sig", "\n", "", id="BOM"),
    pytest.param("latin-1", "\n", "# -*- coding: latin-1 -*-\n# Autor: José\n", id="latin-1"),
    pytest.param("utf-8-sig", "\r\n", "# coding: utf-8\n# ünïcode\n", id="BOM+CRLF"),
]


@pytest.mark.parametrize(("encoding", "newline", "header"), ENCODINGS)
def test_encoding_and_line_endings_are_preserved(tmp_path, capsys, encoding, newline, header):
    path = write(tmp_path / "m.py", header + SOURCE, encoding, newline)
    status, _, _ = run(capsys, "-j1", str(path))
    assert status == 0
    expected = (header + migrated(SOURCE)).replace("\n", newline).encode(encoding)
    assert path.read_bytes() == expected


def test_missing_final_newline_is_preserved(tmp_path, capsys):
    path = write(tmp_path / "m.py", SOURCE.rstrip("\n"))
    run(capsys, "-j1", str(path))
    assert path.read_text() == migrated(SOURCE.rstrip("\n"))
    assert not path.read_text().endswith("\n")


# --- report ----------------------------------------------------------------------------

FILE_KEYS = {
    "path": str,
    "parsed": bool,
    "changed": bool,
    "diagnostics": list,
    "layers": list,
    "kinds": dict,
}
TOTAL_KEYS = {
    "files_scanned": int,
    "files_parsed": int,
    "files_changed": int,
    "files_failed": int,
    "diagnostics": int,
    "diagnostics_by_code": dict,
    "rewritten_by_kind": dict,
    "seconds": float,
}


def check_schema(report):
    assert list(report) == ["schema", "tool", "version", "target", "mode", "files", "totals"]
    assert report["schema"] == 1 and report["tool"] == "tf1-migrate"
    assert report["target"] in migrate.TARGETS
    assert report["mode"] in ("write", "check", "diff")
    for entry in report["files"]:
        assert set(entry) == set(FILE_KEYS) | {"error"}
        for key, kind in FILE_KEYS.items():
            assert isinstance(entry[key], kind), key
        assert entry["error"] is None or isinstance(entry["error"], str)
        for d in entry["diagnostics"]:
            assert set(d) - {"cell"} == {"line", "column", "code", "message"}
        for layer in entry["layers"]:
            assert {"line", "column", "v1_scope", "v1_name", "keras_name"} <= set(layer)
    totals = report["totals"]
    assert set(totals) == set(TOTAL_KEYS)
    for key, kind in TOTAL_KEYS.items():
        assert isinstance(totals[key], kind), key
    files = report["files"]
    assert totals["files_scanned"] == len(files)
    assert totals["files_parsed"] == sum(f["parsed"] for f in files)
    assert totals["files_changed"] == sum(f["changed"] for f in files)
    assert totals["files_failed"] == sum(f["error"] is not None for f in files)
    assert totals["diagnostics"] == sum(len(f["diagnostics"]) for f in files)
    assert sum(totals["diagnostics_by_code"].values()) == totals["diagnostics"]
    by_kind: dict[str, int] = {}
    for entry in files:
        for kind, n in entry["kinds"].items():
            by_kind[kind] = by_kind.get(kind, 0) + n
    assert totals["rewritten_by_kind"] == by_kind


def test_report_schema_and_content(tree, capsys):
    (tree / "out").mkdir()
    status, _, _ = run(capsys, "--check", "-j1", "--report", "out/r.json", "src")
    assert status == 1
    report = json.loads((tree / "out" / "r.json").read_text())
    check_schema(report)
    assert report["mode"] == "check"
    assert [f["path"] for f in report["files"]] == [
        "src/model.py",
        "src/own.py",
        "src/pkg/shared.py",
        "src/plain.py",
    ]
    model, own, shared, plain = report["files"]
    assert (model["parsed"], model["changed"]) == (True, True)
    assert model["layers"] == [r.to_dict() for r in migrate.migrate_source(SOURCE).layers]
    assert (own["parsed"], own["changed"]) == (True, False)
    assert (plain["parsed"], plain["changed"], plain["diagnostics"]) == (False, False, [])
    assert shared["diagnostics"] == [d.to_dict() for d in migrate.migrate_source(REUSE).diagnostics]
    assert os.listdir(tree / "out") == ["r.json"]


# --- selection: shards, globs, notebooks ---------------------------------------------


def test_shards_are_disjoint_and_their_union_is_the_full_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(30):
        write(tmp_path / "t" / f"d{i % 4}" / f"m{i}.py", SOURCE if i % 3 == 0 else PLAIN)
    run(capsys, "--check", "-j1", "--report", "full.json", "t")
    full = json.loads((tmp_path / "full.json").read_text())["files"]
    shards = []
    for k in (1, 2, 3):
        run(capsys, "--check", "-j1", "--shard", f"{k}/3", "--report", f"s{k}.json", "t")
        shards.append(json.loads((tmp_path / f"s{k}.json").read_text())["files"])
    assert all(shards), "every shard got some of the 30 files"
    union = sorted((f for shard in shards for f in shard), key=lambda f: f["path"])
    assert union == sorted(full, key=lambda f: f["path"])
    assert len(full) == 30


def test_include_and_exclude(tree, capsys):
    write(tree / "src" / "gen" / "g.py", SOURCE)
    write(tree / "src" / "tool.pyw", SOURCE)
    status, _, err = run(
        capsys, "--check", "-j1", "--exclude", "gen", "--exclude", "src/pkg/*", "src"
    )
    assert "3 files scanned" in err
    status, _, err = run(capsys, "--check", "-j1", "--include", "*.pyw", "src")
    assert "1 file scanned" in err and "would migrate src/tool.pyw" in err


def test_notebook_in_a_tree(tree, capsys):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
    nb = {
        "cells": [dict(cell, source=SOURCE.splitlines(True))],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tree / "src" / "explore.ipynb"
    path.write_text(json.dumps(nb, indent=1) + "\n")
    status, _, err = run(capsys, "-j1", "src")
    assert status == 0
    assert "".join(json.loads(path.read_text())["cells"][0]["source"]) == migrated(SOURCE)


# --- stdin, usage, version, dispatch ---------------------------------------------------


@pytest.fixture
def stdin(monkeypatch):
    def feed(data):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    return feed


def test_stdin_to_stdout(capsysbinary, stdin):
    stdin(SOURCE.replace("\n", "\r\n").encode())
    assert cli.main(["-"]) == 0
    out, _ = capsysbinary.readouterr()
    assert out == migrated(SOURCE).replace("\n", "\r\n").encode()
    stdin(PLAIN.encode())
    assert cli.main(["-"]) == 0
    assert capsysbinary.readouterr().out == PLAIN.encode()


def test_stdin_check_diff_and_error(capsysbinary, stdin):
    stdin(SOURCE.encode())
    assert cli.main(["--check", "-"]) == 1
    assert capsysbinary.readouterr().out == b""
    stdin(SOURCE.encode())
    assert cli.main(["--diff", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"--- a/<stdin>\n+++ b/<stdin>\n")
    stdin(b"separable_conv1d(\n")
    assert cli.main(["-"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b"" and b"<stdin>: error: syntax error" in err


USAGE_ERRORS = [
    pytest.param(
        ["--jobs", "0", "."],
        "Invalid value for argument `--jobs`. Expected a positive integer. Received: --jobs=0",
        id="jobs",
    ),
    pytest.param(
        ["--shard", "4/3", "."],
        "Invalid value for argument `--shard`. Expected K/N "
        "with 1 <= K <= N, e.g. 2/8. Received: --shard=4/3",
        id="shard",
    ),
    pytest.param(["--shard", "x", "."], "Received: --shard=x", id="shard text"),
    pytest.param(["--target", "torch", "."], "invalid choice: 'torch'", id="target"),
    pytest.param([], "the following arguments are required: PATH", id="no path"),
    pytest.param(
        ["--report", "no/such/dir/r.json", "."],
        "Invalid value for argument `--report`. Expected a file in an existing, writable "
        "directory. Received: --report=no/such/dir/r.json (No such file or directory)",
        id="report directory",
    ),
    pytest.param(
        ["-", "src"],
        "Invalid value for argument `PATH`. Expected '-' as the only path. Received: - src",
        id="stdin and paths",
    ),
]


@pytest.mark.parametrize(("argv", "message"), USAGE_ERRORS)
def test_usage_errors_exit_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err


def test_help_and_version(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "tf1-migrate --diff examples/" in out and "exit status: 0 success" in out
    status, out, _ = run(capsys, "--version")
    assert (status, out) == (0, f"tf1-migrate {cli._version()}\n")
    assert cli._version()[0].isdigit()


def test_checkpoint_subcommand_is_dispatched(capsys, monkeypatch):
    calls = []
    fake = types.ModuleType("migrate.cli.checkpoint")
    fake.main = lambda argv: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "migrate.cli.checkpoint", fake)
    monkeypatch.setattr(cli, "checkpoint", fake, raising=False)
    assert cli.main(["checkpoint", "inspect", "ckpt/", "--json"]) == 7
    assert calls == [["inspect", "ckpt/", "--json"]]


# --- progress bar ------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tree, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["--check", "-j1", "src"]) == 1
    assert " files" in terminal.getvalue() and "\r" in terminal.getvalue()
    _, err = capsys.readouterr()  # pytest's captured stderr is not a terminal
    monkeypatch.undo()
    monkeypatch.chdir(tree)
    status, _, err = run(capsys, "--check", "-j1", "src")
    assert "\r" not in err and "it/s" not in err and "files/s" not in err


# --- the README's first command: tf1-migrate --diff examples/ ---------------------------

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def test_bundled_examples_migrate_refuse_and_converge(tmp_path, capsys, monkeypatch):
    shutil.copytree(os.path.join(EXAMPLES, "migrate_me"), tmp_path / "migrate_me")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    status, out, err = run(capsys, "--diff", "-j1", "--report", "r.json", "migrate_me")
    assert status == 0
    assert re.findall(r"^--- a/(\S+)", out, re.MULTILINE) == [
        "migrate_me/explore_encoder.ipynb",
        "migrate_me/speech_encoder.py",
        "migrate_me/text_classifier.py",
        "migrate_me/wavenet_keras2.py",
    ]
    os.remove("r.json")
    assert snapshot(tmp_path) == before
    # The siamese tower's calls share variables: refused, each with a diagnostic.
    refused = [
        line
        for line in err.splitlines()
        if line.startswith("migrate_me/siamese_tower.py:") and " TF1M10" in line
    ]
    # (The dense call in the shared tower is refused too: TF1M102 plus TF1M182, which
    # points such kept legacy calls to the compat target.)
    assert len(refused) == 3 and any("TF1M101-reuse" in line for line in refused)
    assert "migrate_me/siamese_tower.py:" in err and "TF1M182-kept-legacy-call" in err
    assert "6 files scanned, 5 parsed (candidates), 4 would change" in err

    assert run(capsys, "-j1", "migrate_me")[0] == 0
    for name in os.listdir("migrate_me"):
        if name.endswith(".py"):
            with open(os.path.join("migrate_me", name)) as f:
                compile(f.read(), name, "exec")  # the migrated code is valid Python
    # A second run changes nothing and reports what is still left to a human.
    status, _, err = run(capsys, "--check", "-j1", "migrate_me")
    assert status == 0
    assert "0 would change" in err and "TF1M101-reuse" in err


def test_pre_commit_hooks_run_this_console_script(tree, capsys):
    import yaml  # installed with libcst

    root = os.path.dirname(EXAMPLES)
    with open(os.path.join(root, ".pre-commit-hooks.yaml")) as f:
        hooks = {hook["id"]: hook for hook in yaml.safe_load(f)}
    with open(os.path.join(root, "setup.cfg")) as f:
        assert "tf1-migrate = migrate.cli:main" in f.read()
    assert set(hooks) == {"tf1-migrate", "tf1-migrate-check"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "jupyter"]
    # pre-commit appends the staged file names to the entry.
    program, *args = hooks["tf1-migrate-check"]["entry"].split()
    assert program == "tf1-migrate"
    assert run(capsys, *args, "src/model.py", "src/plain.py")[0] == 1
    program, *args = hooks["tf1-migrate"]["entry"].split()
    assert run(capsys, *args, "src/model.py", "src/plain.py")[0] == 0
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)


def test_quiet_prints_only_diagnostics_and_errors(tree, capsys):
    (tree / "src" / "bad.py").write_bytes(b"separable_conv1d(\n")
    status, out, err = run(capsys, "-q", "-j1", "src")
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("src/bad.py: error: syntax error")
    assert all(line.startswith(("src/pkg/shared.py:", "src/bad.py:")) for line in lines)
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)


def test_file_edited_during_the_run_is_not_overwritten(tree, capsys, monkeypatch):
    real = migrate.migrate_source

    def edit_meanwhile(source, **kwargs):
        (tree / "src" / "model.py").write_text("# edited by someone else\n")
        return real(source, **kwargs)

    monkeypatch.setattr(migrate, "migrate_source", edit_meanwhile)
    status, _, err = run(capsys, "-j1", "src/model.py")
    assert status == 2
    assert "src/model.py: error: not written: changed on disk during the run; not rewritten" in err
    assert (tree / "src" / "model.py").read_text() == "# edited by someone else\n"


def test_an_internal_error_on_one_file_is_reported_and_the_run_goes_on(tree, capsys, monkeypatch):
    real = migrate.migrate_source

    def fail_on_own(source, **kwargs):
        if str(kwargs.get("path")).endswith("own.py"):
            raise RuntimeError("boom")
        return real(source, **kwargs)

    monkeypatch.setattr(migrate, "migrate_source", fail_on_own)
    status, _, err = run(capsys, "-j1", "src")
    assert status == 2
    assert (
        "src/own.py: error: internal error, not migrated (RuntimeError: boom); please report it"
        in err
    )
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_applies_with_git_apply(tree, capsys):
    import subprocess

    write(tree / "src" / "crlf.py", SOURCE, newline="\r\n")
    write(tree / "src" / "no_eol.py", SOURCE.rstrip("\n"))
    status, out, _ = run(capsys, "--diff", "-j1", "src")
    assert status == 0 and out.count("--- a/") == 3
    (tree / "patch.diff").write_bytes(out.encode())
    proc = subprocess.run(
        ["git", "apply", "--whitespace=nowarn", "patch.diff"], cwd=tree, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    after_patch = snapshot(tree / "src")
    status, _, _ = run(capsys, "--check", "-j1", "src")
    assert status == 0  # the patched tree is what an in-place run gives: nothing left
    assert {p: v[0] for p, v in after_patch.items()} == {
        p: v[0] for p, v in snapshot(tree / "src").items()
    }
    assert (tree / "src" / "crlf.py").read_bytes() == migrated(SOURCE).replace(
        "\n", "\r\n"
    ).encode()
    assert (tree / "src" / "no_eol.py").read_text() == migrated(SOURCE.rstrip("\n"))


def test_interrupt_stops_cleanly_without_a_partial_report(tree, capsys, monkeypatch):
    from migrate.cli import runner as _runner

    prepare = _runner.prepare

    def interrupt_on_own(item):
        if item.path.endswith("own.py"):
            raise KeyboardInterrupt
        return prepare(item)

    monkeypatch.setattr(_runner, "prepare", interrupt_on_own)
    status, _, err = run(capsys, "-j1", "--report", "r.json", "src")
    assert status == 130
    assert "tf1-migrate: interrupted; files already rewritten stay rewritten" in err
    assert (tree / "src" / "model.py").read_text() == migrated(SOURCE)  # before the interrupt
    assert sorted(os.listdir(tree)) == ["src"]  # no report, no temporary report file
