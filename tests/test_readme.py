"""The README's Quick start and examples stay true."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

_spec = importlib.util.spec_from_file_location("quickstart", ROOT / ".ci" / "quickstart.py")
quickstart = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quickstart)


def test_quick_start_has_two_commands():
    run, test = quickstart.quickstart_commands(README)
    assert "python -m pipeline extract corpus --out output" in run
    assert "pytest" in test and ".[test]" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "quickstart.py test" in ci


DOCS = [README, *(page.read_text(encoding="utf-8") for page in sorted((ROOT / "docs").glob("*.md")))]
PYTHON_EXAMPLES = [code for page in DOCS for code in re.findall(r"```python\n(.*?)```", page, re.S)]


@pytest.mark.parametrize("code", PYTHON_EXAMPLES, ids=[f"example-{i}" for i in range(len(PYTHON_EXAMPLES))])
def test_readme_python_examples_run(code, monkeypatch):
    """Each example's lines (README and docs/) ending in `# <value>` must evaluate to that value."""
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for line in code.splitlines():
        expression, _, expected = line.partition("   # ")
        if expected:
            assert repr(eval(expression, namespace)) == expected.strip(), line
        else:
            exec(line, namespace)


def test_readme_query_answers_on_the_corpus(tmp_path):
    """The README's example query, run as written on the loaded corpus, gives the two claims."""
    import sqlite3

    from pipeline.cli import main

    sql = re.findall(r'sqlite3 -header output/cqc\.sqlite "(.*?)"\n', README, re.S)[0]
    out = tmp_path / "output"
    corpus = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"
    assert main(["extract", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    assert main(["load", str(out)]) == 0
    with sqlite3.connect(out / "cqc.sqlite") as connection:
        rows = connection.execute(sql).fetchall()
    assert rows == [
        ("Staffordshire County Council", "supporting-healthier-lives", "63.39%", "67.12%", "in line with"),
        (
            "Staffordshire County Council",
            "care-provision-integration-continuity",
            "64.72%",
            "70.28%",
            "slightly worse",
        ),
    ]


def _corpus_loaded(tmp_path):
    from pipeline.cli import main

    out = tmp_path / "output"
    corpus = ROOT / "corpus" / "staffordshire-county-council-2025-05-30.txt"
    assert main(["extract", str(corpus), "--out", str(out), "--jobs", "1"]) == 0
    assert main(["load", str(out)]) == 0
    return out


def test_readme_measure_query_and_command_agree_on_the_corpus(tmp_path, monkeypatch, capsys):
    """The README's measure example, as SQL on the view and as the table command, run as written."""
    import sqlite3

    from pipeline.cli import main

    sql = next(
        q
        for q in re.findall(r'sqlite3 -header output/cqc\.sqlite "(.*?)"\n', README, re.S)
        if "measure_values" in q
    )
    out = _corpus_loaded(tmp_path)
    with sqlite3.connect(out / "cqc.sqlite") as connection:
        rows = connection.execute(sql).fetchall()
    # The corpus report states the second of the two measures once, beside its England average.
    assert rows == [
        ("Staffordshire County Council", "ascs-services-make-feel-safe", "84.65%", 87.82, "in line with")
    ]
    command = re.search(r"^python -m pipeline (table output .*)$", README, re.M).group(1).split()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(command) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 2 + len(rows) and "| Staffordshire County Council |" in table[2]
    assert "84.65%" in table[2] and "87.82%" in table[2]
