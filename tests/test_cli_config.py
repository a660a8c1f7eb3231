"""`.gitignore` files, `[tool.tf1-migrate]` defaults, per-kind counts and error lines."""

from __future__ import annotations

import json

import pytest

from migrate import cli
from migrate.cli import config as _config
from migrate.cli import files as _files

FAMILY = "import tensorflow as tf\ny = tf.layers.dense(x, 3)\nc = tf.nn.rnn_cell.GRUCell(2)\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def walked(*paths, **kwargs):
    return [item.path for item in _files.iter_source_files(list(paths), **kwargs)]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "output/\n*_gen.py\n/top_only.py\n# a comment\n")
    for name in (
        "src/a.py",
        "src/a_gen.py",
        "src/keep_gen.py",
        "src/top_only.py",
        "top_only.py",
        "output/b.py",
        "src/output/c.py",
        "src/sub/d.py",
        "src/sub/scratch/e.py",
    ):
        write(tmp_path / name, FAMILY)
    write(tmp_path / "src" / ".gitignore", "!keep_gen.py\n")
    write(tmp_path / "src" / "sub" / ".gitignore", "scratch/\n")
    return tmp_path


def test_walk_honours_gitignore_files_at_every_level(repo):
    assert walked(".") == ["src/a.py", "src/keep_gen.py", "src/sub/d.py", "src/top_only.py"]


def test_ignore_files_above_the_walked_directory_apply(repo):
    assert walked("src/sub") == ["src/sub/d.py"]
    assert walked("src") == ["src/a.py", "src/keep_gen.py", "src/sub/d.py", "src/top_only.py"]


def test_files_named_explicitly_are_processed(repo):
    assert walked("output/b.py", "src/a_gen.py") == ["output/b.py", "src/a_gen.py"]


def test_no_gitignore_walks_everything(repo, capsys):
    assert len(walked(".", gitignore=False)) == 9
    status, _, err = run(capsys, "--check", "-j1", "--no-gitignore", "--target", "compat", ".")
    assert status == 1 and "9 files scanned" in err
    status, _, err = run(capsys, "--check", "-j1", "--target", "compat", ".")
    assert status == 1 and "4 files scanned" in err


def test_outside_a_repository_only_ignore_files_inside_the_tree_apply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "proj" / ".gitignore", "gen/\n")
    write(tmp_path / "proj" / "gen" / "x.py", FAMILY)
    write(tmp_path / "proj" / "y.py", FAMILY)
    assert walked("proj") == ["proj/y.py"]


# --- [tool.tf1-migrate] --------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "p"\n\n[tool.tf1-migrate]\ntarget = "compat"\n'
        'exclude = ["legacy"]\njobs = 1\n',
    )
    write(tmp_path / "pkg" / "model.py", FAMILY)
    write(tmp_path / "pkg" / "legacy" / "old.py", FAMILY)
    return tmp_path


def test_pyproject_sets_defaults(project, capsys):
    status, out, err = run(capsys, "--diff", "pkg")
    assert status == 0
    assert "+y = compat_layers.dense(x, 3)" in out  # target = "compat"
    assert "legacy/old.py" not in out + err  # exclude
    assert "1 file scanned" in err


def test_pyproject_found_by_walking_up_from_the_paths(project, capsys, monkeypatch):
    monkeypatch.chdir(project / "pkg")
    status, out, _ = run(capsys, "--diff", "model.py")
    assert status == 0 and "compat_layers.dense" in out


def test_command_line_wins(project, capsys):
    status, out, err = run(capsys, "--diff", "--target", "keras", "--exclude", "nothing", "pkg")
    # keras: dense is rewritten, the cell is only reported.
    assert status == 0 and "+y = tf.keras.layers.Dense(3)(x)" in out
    assert "legacy/old.py" in out  # --exclude from the command line replaced pyproject's
    assert "TF1M180-compat-target-only" in err and "2 files scanned" in err


def test_a_pyproject_without_the_table_is_passed_over(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", '[tool.tf1-migrate]\ntarget = "compat"\n')
    write(tmp_path / "a" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    write(tmp_path / "a" / "m.py", FAMILY)
    assert _config.find_config([str(tmp_path / "a" / "m.py")]) == str(tmp_path / "pyproject.toml")
    write(tmp_path / "a" / "pyproject.toml", '[tool.tf1-migrate]\ntarget = "keras"\n')
    assert _config.find_config([str(tmp_path / "a")]) == str(tmp_path / "a" / "pyproject.toml")


@pytest.mark.parametrize(
    "table, message",
    [
        pytest.param(
            'target = "tf2"',
            "Invalid value for `target` in [tool.tf1-migrate]. Expected one of "
            "('keras', 'compat'). Received: target='tf2'",
            id="target",
        ),
        pytest.param(
            "jobs = 0",
            "Invalid value for `jobs` in [tool.tf1-migrate]. Expected a positive integer. "
            "Received: jobs=0",
            id="jobs",
        ),
        pytest.param(
            'exclude = "legacy"',
            "Invalid value for `exclude` in [tool.tf1-migrate]. Expected a list of glob "
            "strings. Received: exclude='legacy'",
            id="exclude",
        ),
        pytest.param(
            "gitignore = 1",
            "Invalid value for `gitignore` in [tool.tf1-migrate]. Expected true or false. "
            "Received: gitignore=1",
            id="gitignore",
        ),
        pytest.param(
            "line-length = 3",
            "Unknown key(s) in [tool.tf1-migrate]: line-length. Expected any of: exclude, "
            "gitignore, include, jobs, target",
            id="unknown key",
        ),
        pytest.param("target = ", "cannot read the configuration", id="bad toml"),
    ],
)
def test_bad_configuration_is_a_usage_error(tmp_path, monkeypatch, capsys, table, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", f"[tool.tf1-migrate]\n{table}\n")
    write(tmp_path / "m.py", FAMILY)
    status, _, err = run(capsys, "--check", "m.py")
    assert status == 2
    assert err.startswith(f"tf1-migrate: error: {tmp_path / 'pyproject.toml'}: ")
    assert message in err


def test_config_can_turn_gitignore_off(repo, capsys):
    write(repo / "pyproject.toml", "[tool.tf1-migrate]\ngitignore = false\njobs = 1\n")
    status, _, err = run(capsys, "--check", "--target", "compat", ".")
    assert status == 1 and "9 files scanned" in err


# --- counts per layer kind, syntax error lines ---------------------------------------


def test_summary_and_report_count_per_layer_kind(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.py", FAMILY)
    write(tmp_path / "b.py", "import tensorflow as tf\nz = tf.layers.Dense(2)\n")
    status, _, err = run(capsys, "-j1", "--target", "compat", "--report", "r.json", "a.py", "b.py")
    assert status == 0
    assert "tf1-migrate: layer names rewritten by kind: dense: 2, gru_cell: 1" in err
    report = json.loads((tmp_path / "r.json").read_text())
    assert [f["kinds"] for f in report["files"]] == [{"dense": 1, "gru_cell": 1}, {"dense": 1}]
    assert report["totals"]["rewritten_by_kind"] == {"dense": 2, "gru_cell": 1}
    assert "import compat_layers" in (tmp_path / "a.py").read_text()


@pytest.mark.parametrize(
    "source, line",
    [
        pytest.param(
            'import tensorflow as tf\nprint "x"\ny = tf.layers.dense(x, 3)\n',
            2,
            id="python 2 print",
        ),
        pytest.param(
            "import tensorflow as tf\nx = (1,\ny = tf.layers.dense(x, 3)\n", 2, id="unclosed paren"
        ),
        pytest.param("y = tf.layers.dense(x, 3)\n\n\ndef f(:\n    pass\n", 4, id="bad def"),
    ],
)
def test_a_syntax_error_is_reported_at_its_own_line(tmp_path, monkeypatch, capsys, source, line):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bad.py", source)
    status, _, err = run(capsys, "--check", "-j1", "bad.py")
    assert status == 2
    assert f"bad.py: error: syntax error at line {line}, not migrated: " in err
