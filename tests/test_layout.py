"""The package's layout is the pipeline: each stage imports only the stages before it,
nothing imports in a circle, and only the engine names MkDocs or Material."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "site_builder"
# Lowest first. A package may import itself and the packages before it, never one after it.
STAGES = ("common", "content", "council", "cms", "nominations", "media", "public", "contest", "site", "search", "press", "yearbook", "engine", "pipeline", "deploy", "cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module of the package that `path` imports, at the top or inside a function."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            if node.module:
                target = ".".join(base + node.module.split("."))
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names
                             if (PACKAGE / Path(*target.split("."), f"{a.name}.py")).is_file())
            else:
                found.update(".".join(base + [a.name]) for a in node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(n.removeprefix("site_builder.") for n in names if n.startswith("site_builder."))
    return {f for f in found if f}


def modules() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py")) if module_name(p)}


def test_every_module_belongs_to_a_stage():
    top = {name.split(".")[0] for name in modules()}
    assert top <= {*STAGES, "__main__"}, top - {*STAGES, "__main__"}


def test_no_stage_imports_a_later_one():
    upward = []
    for name, targets in modules().items():
        stage = name.split(".")[0]
        if stage == "__main__":
            continue
        for target in targets:
            other = target.split(".")[0]
            if other != stage and STAGES.index(other) > STAGES.index(stage):
                upward.append(f"{name} imports {target}")
    assert not upward, "\n".join(upward)


def test_no_module_imports_in_a_circle():
    imports = modules()  # once: each call parses the whole package
    graph = {name: {t for t in targets if t in imports} for name, targets in imports.items()}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            assert cycle is None, " -> ".join(cycle)


def test_only_the_engine_names_mkdocs_or_material():
    naming = []
    for path in PACKAGE.rglob("*.py"):
        if module_name(path).startswith("engine"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            naming += [f"{module_name(path)}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material",
                                                                                       "properdocs")]
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "mkdocs.yml" in node.value:
                naming.append(f"{module_name(path)}: names mkdocs.yml")
    assert not naming, naming


def test_no_two_test_modules_share_a_file_name():
    """The test folders have no __init__.py, so pytest imports each module by its file name: two
    of one name fail the whole run's collection ("import file mismatch"), which a run of one
    folder does not show."""
    names: dict[str, list[str]] = {}
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(REPO)))
    assert not {name: paths for name, paths in names.items() if len(paths) > 1}
