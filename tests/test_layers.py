"""Imports only go down the package's layers, so the folders tell the truth about the pipeline.

    core (models, errors, files) <- reference <- formats, stages <- outputs, quality
        <- the front door (pipeline.extract), schema <- batch <- cli

Every ``import`` in every module is read from its syntax tree, function-level imports too (a
lazy import is still a dependency). A failure names the module, the line and the import that
goes up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"

# The layer of each part of the package, by its dotted name's first part below ``pipeline``.
# Parts of one layer may import each other except where ``APART`` says otherwise.
LAYERS = {
    "models": 0,
    "errors": 0,
    "files": 0,
    "reference": 1,
    "formats": 2,
    "stages": 2,
    "outputs": 3,
    "quality": 3,
    "": 4,
    "schema": 4,  # "" is the package itself: ``pipeline.extract`` composes the stages
    "batch": 5,
    "cli": 6,
    "__main__": 6,
}
# Parts that share a layer but must not lean on each other: bytes -> text never needs the
# stages, and the stages never ask what format the text came from.
APART = {("formats", "stages"), ("stages", "formats")}


def _part(dotted: str) -> str:
    names = dotted.split(".")
    return names[1] if len(names) > 1 else ""


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    names = list(relative.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "pipeline":  # `from pipeline import X`: X may be a part or a name
                for alias in node.names:
                    sub = f"pipeline.{alias.name}"
                    found.append((node.lineno, sub if _part(sub) in LAYERS else "pipeline"))
            else:
                found.append((node.lineno, target))
    return [(line, name) for line, name in found if name == "pipeline" or name.startswith("pipeline.")]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_layer():
    parts = {_part(_module_name(path)) for path in MODULES}
    assert parts <= set(LAYERS), f"parts with no layer in tests/test_layers.py: {parts - set(LAYERS)}"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_imports_only_go_down(path):
    own = _part(_module_name(path))
    upward = [
        f"{path.relative_to(ROOT)}:{line}: imports {target} ({_part(target) or 'pipeline'}, layer "
        f"{LAYERS[_part(target)]}) from {own or 'pipeline'} (layer {LAYERS[own]})"
        for line, target in _imports(path)
        if LAYERS[_part(target)] > LAYERS[own] or (own, _part(target)) in APART
    ]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from pipeline.batch import run_batch\n", "pipeline.batch"),
        ("from pipeline import batch\n", "pipeline.batch"),
        ("from pipeline import __version__\n", "pipeline"),
        ("def f():\n    from pipeline.cli import main\n", "pipeline.cli"),
        ("from ..outputs import view\n", "pipeline.outputs"),
    ],
)
def test_the_reader_sees_every_form_of_import(tmp_path, source, expected, monkeypatch):
    """The check itself can fail: each form of import is read, lazy and relative ones too."""
    folder = PACKAGE / "stages"
    path = folder / "_layers_probe.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert [name for _, name in _imports(path)] == [expected]
