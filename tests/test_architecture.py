"""The layout as a contract: rings one way, heavy libraries only where they belong.

The import graph is read from the source (AST), every first-party import counted, whether at
module top or inside a function, so a lazy import cannot hide a dependency:

    foundations (core) -> data in (ingest) -> atlas -> analysis -> validation -> outputs -> web -> cli

A module may import from its own ring or an earlier one, never a later one; the module-top
graph has no cycle; matplotlib only in ``outputs/plot``, typer only in ``cli``, FastAPI, Starlette
and uvicorn only in ``web``, and geopandas,
shapely or pyproj only in ``analysis/geo`` and the map modules of ``outputs/plot``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "nnatlas"
RINGS = ("core", "ingest", "atlas", "analysis", "validation", "outputs", "web", "cli")
MAP_MODULES = ("nnatlas.outputs.plot.maps", "nnatlas.outputs.plot.locator", "nnatlas.outputs.plot._draw")
ONLY_IN = {
    "matplotlib": ("nnatlas.outputs.plot",),
    "typer": ("nnatlas.cli",),
    "click": ("nnatlas.cli",),
    "fastapi": ("nnatlas.web",),
    "starlette": ("nnatlas.web",),
    "uvicorn": ("nnatlas.web",),
    "geopandas": ("nnatlas.analysis.geo", *MAP_MODULES),
    "shapely": ("nnatlas.analysis.geo", *MAP_MODULES),
    "pyproj": ("nnatlas.analysis.geo", *MAP_MODULES),
}


def module_name(path: Path, root: Path = SRC) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = SRC) -> list[tuple[str, bool]]:
    """Every module ``path`` imports, absolute, with whether the import is at module top."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top = {id(node) for node in tree.body}
    for node in tree.body:  # imports under a top `try:` count as top; under `if TYPE_CHECKING:` they
        # are for type hints only: they count for the rings, not for cycles
        if isinstance(node, ast.Try) or (isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test)):
            top.update(id(n) for n in ast.walk(node))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, id(node) in top))
            # `from nnatlas.x import y` may import the submodule nnatlas.x.y
            out += [(f"{mod}.{a.name}", id(node) in top) for a in node.names]
    return out


def graph(root: Path = SRC) -> tuple[nx.DiGraph, dict[str, list[tuple[str, bool]]]]:
    """The first-party import graph of the package under ``root`` (edges marked ``top``)."""
    files = {module_name(p, root): p for p in (root / "nnatlas").rglob("*.py")}
    g = nx.DiGraph()
    g.add_nodes_from(files)
    raw = {}
    for name, path in files.items():
        raw[name] = imports(path, root)
        for target, at_top in raw[name]:
            if target in files and target != name:
                if g.has_edge(name, target):
                    g[name][target]["top"] |= at_top
                else:
                    g.add_edge(name, target, top=at_top)
    return g, raw


def ring(module: str) -> int | None:
    """The ring of a module: the index of its first package under nnatlas (None: the public face)."""
    parts = module.split(".")
    return RINGS.index(parts[1]) if len(parts) > 1 and parts[1] in RINGS else None


def ring_violations(g: nx.DiGraph) -> list[str]:
    out = []
    for a, b in g.edges:
        ra, rb = ring(a), ring(b)
        if ra is not None and rb is not None and rb > ra:
            out.append(f"{a} ({RINGS[ra]}) imports {b} ({RINGS[rb]})")
    return sorted(out)


def cycles(g: nx.DiGraph) -> list[list[str]]:
    """Cycles of module-top imports between modules (a package importing its own submodules, as
    ``__init__`` re-exports do, is not a cycle of concepts and is left out)."""
    top = nx.DiGraph((a, b) for a, b, d in g.edges(data=True) if d["top"] and not b.startswith(a + "."))
    return [c for c in nx.simple_cycles(top)]


def misplaced_libraries(raw: dict[str, list[tuple[str, bool]]]) -> list[str]:
    out = []
    for module, targets in raw.items():
        for target, _ in targets:
            lib = target.split(".")[0]
            if lib in ONLY_IN and not any(module == p or module.startswith(p + ".") for p in ONLY_IN[lib]):
                out.append(f"{module} imports {target}")
    return sorted(set(out))


def test_every_module_is_in_a_ring():
    g, _ = graph()
    loose = [m for m in g if m != "nnatlas" and ring(m) is None]
    assert loose == [], f"modules outside the rings {RINGS}: {loose}"


def test_no_module_imports_from_a_later_ring():
    g, _ = graph()
    assert ring_violations(g) == []


def test_the_import_graph_has_no_cycle():
    g, _ = graph()
    assert cycles(g) == []


def test_heavy_libraries_stay_in_their_packages():
    _, raw = graph()
    assert misplaced_libraries(raw) == []


def test_analysis_is_pure():
    """No analysis module writes files through the project's writers or draws."""
    _, raw = graph()
    bad = [
        f"{m} imports {t}"
        for m, targets in raw.items()
        if ring(m) == RINGS.index("analysis")
        for t, _ in targets
        if t.startswith(("nnatlas.outputs", "matplotlib", "typer"))
    ]
    assert bad == []


def test_the_public_face_defines_nothing():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and not n.name.startswith("__")]
    assert defined == []


# --- the checks fail when the contract is broken (on a copy of the source) --------------------------
@pytest.fixture
def copy_of_source(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(PACKAGE, tmp_path / "nnatlas", ignore=shutil.ignore_patterns("data", "__pycache__"))
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")


def test_a_matplotlib_import_in_analysis_is_caught(copy_of_source: Path):
    _append(copy_of_source / "nnatlas/analysis/coverage.py", "import matplotlib.pyplot as plt")
    _, raw = graph(copy_of_source)
    assert misplaced_libraries(raw) == ["nnatlas.analysis.coverage imports matplotlib.pyplot"]


def test_an_import_from_a_later_ring_is_caught(copy_of_source: Path):
    _append(copy_of_source / "nnatlas/ingest/models.py", "def _late():\n    from nnatlas.outputs.tables import table")
    g, _ = graph(copy_of_source)
    assert "nnatlas.ingest.models (ingest) imports nnatlas.outputs.tables (outputs)" in ring_violations(g)


def test_a_cycle_is_caught(copy_of_source: Path):
    _append(copy_of_source / "nnatlas/analysis/coverage.py", "from nnatlas.analysis import network")
    _append(copy_of_source / "nnatlas/analysis/network.py", "from nnatlas.analysis import coverage")
    g, _ = graph(copy_of_source)
    assert any(set(c) == {"nnatlas.analysis.coverage", "nnatlas.analysis.network"} for c in cycles(g))
