"""The README's set-up commands are the ones CI runs, and what they name exists."""

import re
from pathlib import Path

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
    assert "tf1-migrate --diff examples/" in main_job
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
