"""Tests of migrate.cli.notebooks: code cells migrate, every other byte stays."""

import json

import pytest

import migrate
from migrate.cli import notebooks as _notebooks

IMPORTS = "import tensorflow as tf\n"
CALL = "y = tf.layers.separable_conv1d(x, 8, 3, name='conv')\n"


def _cell(src, cell_type="code", outputs=None):
    lines = src.split("\n")
    cell = {
        "cell_type": cell_type,
        "metadata": {"tags": ["keep"]},
        "source": [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else []),
    }
    if cell_type == "code":
        cell["execution_count"] = 1
        cell["outputs"] = outputs or []
    return cell


def _notebook(*cells, language="python", **dumps):
    nb = {
        "cells": list(cells),
        "metadata": {"language_info": {"name": language}, "widgets": {"state": {"é": 1}}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    options = {"indent": 1, "sort_keys": True, "ensure_ascii": False} | dumps
    return json.dumps(nb, **options) + "\n"


OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["tf.layers.separable_conv1d\n"]}


def test_cells_are_migrated_as_one_module_and_only_their_sources_change():
    cells = [
        _cell("# Title", "markdown"),
        _cell("%matplotlib inline\n" + IMPORTS),
        _cell("x = tf.placeholder(tf.float32, [None, 10, 4])\n" + CALL, outputs=[OUTPUT]),
        _cell("!ls -l\nprint(y)"),
    ]
    text = _notebook(*cells)
    result = _notebooks.migrate_notebook(text, path="nb.ipynb")
    assert result.changed
    # The cell using `tf` imported in an earlier cell is migrated like one module.
    expected = migrate.migrate_source(
        "_m_\n"
        + IMPORTS
        + "x = tf.placeholder(tf.float32, [None, 10, 4])\n"
        + CALL
        + "_m_\nprint(y)"
    ).code
    new = json.loads(result.code)
    joined = "".join("".join(c["source"]) for c in new["cells"][1:])
    assert joined.replace("%matplotlib inline", "_m_").replace("!ls -l", "_m_") == expected
    # Everything but the changed sources is identical: the same JSON with the old sources.
    for index, cell in enumerate(new["cells"]):
        cell["source"] = cells[index]["source"]
    assert new == json.loads(text)
    # And the layout: the text outside the changed source lists is byte-identical.
    changed = [i for i, c in enumerate(json.loads(result.code)["cells"]) if c != cells[i]]
    assert changed and all(cells[i]["cell_type"] == "code" for i in changed)
    head = text[: text.index(json.dumps(cells[changed[0]]["source"][0], ensure_ascii=False))]
    assert result.code.startswith(head)
    assert result.code.endswith(text[text.index('"metadata": {\n  "language_info"') :])


def test_source_stored_as_one_string_stays_one_string():
    cell = _cell(IMPORTS + CALL)
    cell["source"] = IMPORTS + CALL
    result = _notebooks.migrate_notebook(_notebook(cell))
    source = json.loads(result.code)["cells"][0]["source"]
    assert isinstance(source, str)
    assert source == migrate.migrate_source(IMPORTS + CALL).code


def test_ascii_escaped_notebook_stays_escaped():
    text = _notebook(_cell("s = 'é'\n" + IMPORTS + CALL), ensure_ascii=True)
    result = _notebooks.migrate_notebook(text)
    assert result.changed
    assert result.code.isascii()
    assert "\\u00e9" in result.code


def test_diagnostics_and_layers_point_into_their_cell():
    reuse = "z = tf.layers.separable_conv1d(x, 8, 3, name='conv', reuse=True)\n"
    text = _notebook(_cell(IMPORTS), _cell("# md", "markdown"), _cell("x = 1\n" + reuse))
    direct = migrate.migrate_source(IMPORTS + "x = 1\n" + reuse)
    assert direct.diagnostics, "the codemod refuses reuse=True"
    result = _notebooks.migrate_notebook(text)
    assert [d["cell"] for d in result.diagnostics] == [2] * len(direct.diagnostics)
    assert [d["line"] for d in result.diagnostics] == [d.line - 1 for d in direct.diagnostics]
    assert [d["code"] for d in result.diagnostics] == [d.code for d in direct.diagnostics]


NO_OP = [
    pytest.param(_notebook(_cell("x = 1")), id="no candidate"),
    pytest.param(_notebook(_cell(IMPORTS + CALL, "markdown")), id="markdown only"),
    pytest.param(_notebook(_cell(IMPORTS + CALL), language="R"), id="other kernel"),
    pytest.param(_notebook(_cell("%%bash\necho separable_conv1d")), id="shell cell magic"),
]


@pytest.mark.parametrize("text", NO_OP)
def test_no_op(text):
    result = _notebooks.migrate_notebook(text)
    assert not result.changed
    assert result.code == text


def test_cell_magic_and_magic_line_holding_candidates_are_reported():
    text = _notebook(
        _cell(IMPORTS),
        _cell("%%writefile model.py\ny = tf.layers.separable_conv1d(x, 8, 3)"),
        _cell("%time y = tf.layers.separable_conv1d(x, 8, 3)"),
    )
    result = _notebooks.migrate_notebook(text)
    assert not result.changed
    assert [(d["cell"], d["line"], d["code"]) for d in result.diagnostics] == [
        (1, 1, "TF1M901-notebook-cell-magic"),
        (2, 1, "TF1M902-notebook-magic-line"),
    ]
    assert "'%%writefile'" in result.diagnostics[0]["message"]


def test_python_cell_magic_body_is_migrated():
    text = _notebook(_cell(IMPORTS), _cell("%%time\n" + CALL))
    result = _notebooks.migrate_notebook(text)
    assert result.changed
    source = "".join(json.loads(result.code)["cells"][1]["source"])
    assert source.startswith("%%time\n")
    assert source == "%%time\n" + migrate.migrate_source(IMPORTS + CALL).code[len(IMPORTS) :]


def test_syntax_error_names_the_cell():
    text = _notebook(_cell(IMPORTS), _cell("# md", "markdown"), _cell("x = 1\ny = (\n" + CALL))
    with pytest.raises(_notebooks.NotebookError, match=r"syntax error in cell 2, line \d"):
        _notebooks.migrate_notebook(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="json"),
        pytest.param('{"worksheets": []}', "not a notebook: no top-level `cells` list", id="v3"),
    ],
)
def test_invalid_notebooks(text, message):
    with pytest.raises(_notebooks.NotebookError, match=message):
        _notebooks.migrate_notebook(text)
