"""The README's set-up commands are the ones CI runs, and every code block of the README and
of docs/*.md is executed or checked."""

import importlib
import importlib.util
import json
import re
import shlex
import tempfile
import textwrap
from pathlib import Path

import pytest

from migrate.cli.config import load_config, tomllib  # tomllib, or tomli on Python 3.10

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert block, "README.md must start with a bash block of set-up commands"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_starts_with_two_commands():
    commands = _readme_commands()
    assert len(commands) == 2
    assert all(command.startswith("python3.11 -m venv .venv && ") for command in commands)


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_command = _readme_commands()[1]
    assert test_command in ci, f"{test_command!r} not found in .ci/run"


def test_main_job_names_files_that_exist():
    main_job = _readme_commands()[0]
    assert "tf1-migrate --target compat --diff examples/" in main_job
    for path in re.findall(r"examples/\S*", main_job):
        assert (ROOT / path).exists(), path


def _python_blocks_after(marker: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text[text.index(marker) :], re.S)


def test_compat_layers_example_prints_what_it_shows(capsys):
    block = _python_blocks_after("## compat_layers")[0]
    expected = block.rstrip().splitlines()[-1].removeprefix("# ")
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == expected


def test_codemod_example_is_a_golden_case():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pairs = re.findall(
        r"`golden/codemod/(\w+)`:\s*```python\n(.*?)```\s*becomes\s*```python\n(.*?)```", text, re.S
    )
    assert pairs, "the README shows at least one before/after example"
    for case, before, after in pairs:
        case_dir = ROOT / "golden" / "codemod" / case
        assert before in (case_dir / "before.py").read_text(encoding="utf-8")
        assert after in (case_dir / "after.py").read_text(encoding="utf-8")


# --- every code block of the README and of docs/*.md is executed or checked ----------

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
_CODE = re.compile(r"\bTF1M\d{3}(?:-[a-z0-9]+)+")


def _blocks():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for number, match in enumerate(_FENCE.finditer(text)):
            yield pytest.param(
                page.name,
                match.group(1),
                match.group(2),
                id=f"{page.name}-{number}-{match.group(1)}",
            )


def _check_tf1_migrate(argv: list[str]) -> None:
    from migrate import cli

    if argv[:1] == ["checkpoint"]:
        from migrate.cli.checkpoint import _parser

        _parser().parse_args(argv[1:])
    else:
        cli.build_parser().parse_args(argv)


def _check_command(command: str) -> None:
    words = shlex.split(command, comments=True)
    if not words:
        return
    program = words[0].rsplit("/", 1)[-1]
    if program == "tf1-migrate":
        _check_tf1_migrate(words[1:])
    elif program.startswith("python") and words[1:3] == ["-m", "migrate"]:
        _check_tf1_migrate(words[3:])
    elif program.startswith("python") and words[1:3] == ["-m", "libcst.tool"]:
        module, _, name = words[words.index("-x") + 1].rpartition(".")
        assert hasattr(importlib.import_module(module), name), words
    elif program.startswith("python") and len(words) > 1 and words[1].endswith(".py"):
        assert (ROOT / words[1]).exists(), words[1]
    elif program.startswith("python") and words[1:2] == ["-m"]:
        assert importlib.util.find_spec(words[2]) is not None, words[2]


@pytest.mark.parametrize("page, lang, body", list(_blocks()))
def test_code_block(page: str, lang: str, body: str) -> None:
    from migrate.cli.notebooks import CELL_MAGIC_CODE, MAGIC_LINE_CODE
    from migrate.codemod.diagnostics import CODES

    known = set(CODES) | {CELL_MAGIC_CODE, MAGIC_LINE_CODE}
    assert set(_CODE.findall(body)) <= known, f"{page}: unknown diagnostic code"
    if lang == "python":
        compile(textwrap.dedent(body), page, "exec")
    elif lang == "bash":
        for line in body.replace("\\\n", " ").splitlines():
            for command in line.split("&&"):
                _check_command(command.strip())
    elif lang == "json":
        json.loads(body)
    elif lang == "toml":
        table = tomllib.loads(body).get("tool", {}).get("tf1-migrate")
        if table is not None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "pyproject.toml"
                path.write_text(body, encoding="utf-8")
                load_config(str(path))
    elif lang == "yaml":
        import yaml  # installed with libcst

        document = yaml.safe_load(body)
        for step in (document or {}).get("steps", []) if isinstance(document, dict) else []:
            if "run" in step:
                _check_command(step["run"].replace("${{ matrix.shard }}", "1"))
    else:  # output samples and usage lines: the commands they show must parse
        for line in body.splitlines():
            if line.startswith("tf1-migrate ") and "[" not in line and "{" not in line:
                _check_command(line)
            elif line.startswith("python -m "):
                _check_command(line)


def test_every_page_is_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in readme, page.name
    assert len(readme.splitlines()) <= 250


def test_diagnostics_page_lists_every_code() -> None:
    from migrate.codemod.diagnostics import CODES

    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(TF1M\d{3}[\w-]*)`", page, re.M))
    assert listed == set(CODES)


def test_batch_norm_example_prints_what_it_shows(capsys):
    block = _python_blocks_after("### Batch normalization")[0]
    expected = block.rstrip().splitlines()[-1].removeprefix("# ")
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == expected


def test_rnn_cell_example_prints_what_it_shows(capsys):
    block = _python_blocks_after("### RNN cells")[0]
    expected = block.rstrip().splitlines()[-1].removeprefix("# ")
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == expected
