"""`tf1-migrate` as a real process: console script, `python -m`, worker pool."""

import json
import os
import subprocess
import sys

import pytest

from migrate import cli

BIN = os.path.join(os.path.dirname(sys.executable), "tf1-migrate")
SOURCE = (
    "import tensorflow as tf\n\n"
    "def f(x):\n"
    "    return tf.layers.separable_conv1d(x, 8, 3, name='conv')\n"
)
REUSE = "import tensorflow as tf\ny = tf.layers.separable_conv1d(x, 4, 3, reuse=True)\n"
# Would leave a mark if the tool ever imported or ran the code it migrates.
EXECUTES = (
    "import pathlib\n"
    "pathlib.Path(__file__).with_suffix('.executed').write_text('ran')\n"
    "import tensorflow as tf\n"
    "y = tf.layers.separable_conv1d(x, 4, 3)\n"
)


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("proc")
    for i in range(24):
        path = root / "t" / f"pkg{i % 3}" / f"mod{i:02d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text([SOURCE, "x = 1\n", REUSE, "print('separable_conv1d')\n"][i % 4])
    (root / "t" / "bad.py").write_bytes(b"separable_conv1d(\n")
    (root / "t" / "side_effect.py").write_text(EXECUTES)
    # A `tensorflow` that fails on import: proves no process of the tool imports it.
    fake = root / "fake_site" / "tensorflow"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('tf1-migrate imported tensorflow')\n")
    return root


def _run(tree, *argv, fake_tf=True):
    env = dict(os.environ)
    if fake_tf:
        paths = [str(tree / "fake_site"), os.getcwd(), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return subprocess.run(
        list(argv), cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )


def _files_of(report_path):
    with open(report_path) as f:
        report = json.load(f)
    return report["files"], {k: v for k, v in report["totals"].items() if k != "seconds"}


def test_parallel_run_equals_in_process_run_without_importing_tensorflow(tree, monkeypatch):
    proc = _run(tree, BIN, "--check", "--jobs", "2", "--report", "par.json", "t")
    assert proc.returncode == 2, proc.stderr  # bad.py
    assert "tensorflow" not in proc.stderr
    monkeypatch.chdir(tree)
    assert cli.main(["--check", "--jobs", "1", "--report", "seq.json", "t"]) == 2
    assert _files_of(tree / "par.json") == _files_of(tree / "seq.json")
    files, totals = _files_of(tree / "par.json")
    assert totals["files_scanned"] == 26 and totals["files_changed"] == 7
    assert [f["path"] for f in files] == sorted(f["path"] for f in files)
    # The diagnostics and errors on stderr come in walk order too.
    paths = [line.split(":")[0] for line in proc.stderr.splitlines() if line.startswith("t/")]
    assert paths == sorted(paths, key=lambda p: [f["path"] for f in files].index(p))
    assert not list(tree.rglob("*.executed"))


def test_python_dash_m_is_the_console_script(tree):
    by_script = _run(tree, BIN, "--diff", "-j", "2", "t")
    by_module = _run(tree, sys.executable, "-m", "migrate", "--diff", "-j", "2", "t")
    assert by_script.returncode == by_module.returncode == 2
    assert by_script.stdout == by_module.stdout
    assert by_script.stdout.count("--- a/t/") == 7
    strip = [line for line in by_script.stderr.splitlines() if not line.startswith("tf1-migrate:")]
    assert strip == [
        line for line in by_module.stderr.splitlines() if not line.startswith("tf1-migrate:")
    ]
    version = _run(tree, sys.executable, "-m", "migrate", "--version")
    assert (
        version.stdout == _run(tree, BIN, "--version").stdout == f"tf1-migrate {cli._version()}\n"
    )


def test_importing_the_cli_does_not_import_tensorflow(tree):
    code = (
        "import sys, migrate.cli; print(sorted(m for m in sys.modules if m.startswith('tensor')))"
    )
    proc = _run(tree, sys.executable, "-c", code)
    assert (proc.returncode, proc.stdout) == (0, "[]\n"), proc.stderr


def test_a_worker_that_dies_fails_its_files_not_the_run(tree, tmp_path, monkeypatch):
    # Simulates a worker killed mid-file (out of memory): sitecustomize makes
    # migrate_source kill its process for one file.
    (tmp_path / "sitecustomize.py").write_text(
        "import os\n"
        "import migrate\n"
        "real = migrate.migrate_source\n"
        "def dying(source, **kwargs):\n"
        "    if str(kwargs.get('path', '')).endswith('mod04.py'):\n"
        "        os._exit(9)\n"
        "    return real(source, **kwargs)\n"
        "migrate.migrate_source = dying\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.getcwd()]))
    proc = subprocess.run(
        [BIN, "--check", "-j", "2", "--report", str(tmp_path / "r.json"), "t"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2 and errors[0].startswith("t/bad.py: error: syntax error")
    assert errors[1] == "t/pkg1/mod04.py: error: not migrated: the worker process died on this file"
    # Every other file was migrated: the same report as a run without the crash.
    monkeypatch.chdir(tree)
    assert cli.main(["--check", "-j1", "--report", str(tmp_path / "expected.json"), "t"]) == 2
    files, _ = _files_of(tmp_path / "r.json")
    expected, _ = _files_of(tmp_path / "expected.json")
    (dead,) = [f for f in expected if f["path"] == "t/pkg1/mod04.py"]
    dead.update(
        changed=False, diagnostics=[], layers=[], kinds={}, error=errors[1].split(": error: ")[1]
    )
    assert files == expected
