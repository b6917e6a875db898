"""The package's imports run one way: no module takes another package's ``_private`` name, and the
import graph of ``pipeline/`` has no cycle (module by module, lazy imports inside functions and
imports for type hints included: a module whose hints name another's types is read with it).

A private name is a module's own business; what another package needs is a public name of the
stage, or belongs in ``reference/``. A cycle means two modules cannot be read (or imported)
alone. tests/test_layers.py checks the floors (nothing imports upward); this checks within them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(node: ast.ImportFrom, module: str, path: Path) -> str | None:
    if node.level == 0:
        return node.module
    base = _package_of(module, path).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports() -> list[tuple[str, Path, str, list[str]]]:
    """(importing module, its file, imported module, names) for every import, type hints' too."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _resolve(node, module, path)
                if target and target.split(".")[0] == "pipeline":
                    found.append((module, path, target, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "pipeline":
                        found.append((module, path, alias.name, []))
    return found


IMPORTS = _imports()
MODULES = {_module_name(p) for p in PACKAGE.rglob("*.py")}


def test_no_private_name_crosses_a_package():
    crossing = []
    for module, path, target, names in IMPORTS:
        target_path = PACKAGE.parent / (target.replace(".", "/") + ".py")
        target_package = target if not target_path.exists() else target.rpartition(".")[0]
        if target_package == _package_of(module, path):
            continue
        crossing += [
            f"{module} imports {name} from {target}"
            for name in names
            if name.startswith("_") and not name.startswith("__")
        ]
    assert not crossing, "private names taken across packages:\n" + "\n".join(crossing)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, _, target, names in IMPORTS:
        # "from pipeline.stages import claims" imports the module pipeline.stages.claims
        targets = {f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES} or {target}
        for imported in targets:
            # importing a.b.c runs a and a.b first: only the module named is an edge
            if imported in MODULES and imported != module:
                graph[module].add(imported)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_import_graph_has_no_cycle():
    cycles = _cycles(_graph())
    assert not cycles, "modules importing each other in a circle:\n" + "\n".join(
        " <-> ".join(c) for c in cycles
    )


def test_the_checks_see_what_they_check():
    """The checks would fail on a cycle or a private crossing: the graph is not empty, and
    the cycle finder finds a made-up circle."""
    assert len(IMPORTS) > 50 and any(_graph().values())
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
