"""The package's shape: layers import only downwards, no cycles, small modules.

The import graph is read with ``ast`` from the source, imports inside functions
included; imports under ``if TYPE_CHECKING:`` are left out because they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "guidepress"

# Lowest first: a module may import its own layer and the layers before it.
LAYERS = [
    {"errors", "versions", "builtin", "files", "locks", "confine", "owned", "freshness",
     "memory", "objstreams", "cachefolder", "sealing"},
    {"content"},
    {"figures"},
    {"look"},
    {"config"},
    {"render"},
    {"pdf"},
    {"layout"},
    {"products"},
    {"batch"},
    {"check"},
    {"watch"},
    {"serve"},
    {"commands"},
    {"cli", "__main__", "__init__"},
]
MAX_LINES = 300


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    for level, names in enumerate(LAYERS):
        if top in names:
            return level
    raise AssertionError(f"{module}: not in any layer; add its subpackage to LAYERS")


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path, package: Path = PACKAGE) -> set[str]:
    """The package's modules that ``path`` imports, at any depth of its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    root = package.name
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == root}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: use absolute imports (from {root}....)")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == root:
            found.add(node.module)
            for alias in node.names:  # "from guidepress.content import labels" imports a module
                sub = package.parent / Path(*f"{node.module}.{alias.name}".split("."))
                if sub.with_suffix(".py").is_file() or (sub / "__init__.py").is_file():
                    found.add(f"{node.module}.{alias.name}")
    return found - {module_name(path, package)}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    return {module_name(p, package): imports_of(p, package) for p in package.rglob("*.py")}


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} -> {dep}" for m, deps in edges.items() for dep in deps
                  if layer_of(dep) > layer_of(m))


def cycles(edges: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    found: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges.get(node, ())):
            if dep not in edges:
                continue
            if state.get(dep) == 1:
                found.append(" -> ".join([*trail[trail.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return found


def test_every_module_sits_in_a_layer():
    for module in graph():
        layer_of(module)


def test_no_module_imports_a_higher_layer():
    assert upward_imports(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_checks_catch_a_planted_cycle_and_upward_import(tmp_path):
    package = tmp_path / "guidepress"
    (package / "content").mkdir(parents=True)
    (package / "look").mkdir()
    for folder in (package, package / "content", package / "look"):
        (folder / "__init__.py").write_text("")
    (package / "content" / "a.py").write_text(
        "def f():\n    from guidepress.look.b import g  # inside a function\n")
    (package / "look" / "b.py").write_text("from guidepress.content import a\n")
    edges = graph(package)
    assert edges["guidepress.content.a"] == {"guidepress.look.b"}
    assert upward_imports(edges) == ["guidepress.content.a -> guidepress.look.b"]
    assert cycles(edges) == ["guidepress.content.a -> guidepress.look.b -> guidepress.content.a"]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=module_name)
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module_name(path)} has {lines} lines; split it by concern"
