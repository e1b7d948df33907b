"""The code keeps docs/architecture.md's table: apps depend downward, no module imports itself
back through others, and the contracts that say so do fail on a violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

import rapport

SRC = Path(rapport.__file__).resolve().parent
PYPROJECT = SRC.parent.parent / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(src_root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(PYPROJECT)],
        cwd=cwd,
        env={"PYTHONPATH": str(src_root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy_of_the_code(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(
        SRC, root / "rapport", ignore=shutil.ignore_patterns("__pycache__", "static", "templates")
    )
    return root


def test_the_contracts_hold_on_the_code(tmp_path: Path) -> None:
    result = _lint_imports(_copy_of_the_code(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_import_from_a_lower_app_to_a_higher_one_breaks_the_contract(tmp_path: Path) -> None:
    root = _copy_of_the_code(tmp_path)
    # The customer catalogue reaching up into the health review's services.
    (root / "rapport" / "customers" / "reach_up.py").write_text(
        "from rapport.insights.services import request_recompute  # noqa: F401\n"
    )
    result = _lint_imports(root, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rapport.customers is not allowed to import rapport.insights" in result.stdout
    assert "rapport.customers.reach_up -> rapport.insights.services" in result.stdout


def test_a_service_importing_its_task_breaks_the_contract(tmp_path: Path) -> None:
    root = _copy_of_the_code(tmp_path)
    # Services enqueue tasks by name through rapport.ops.enqueue, never by importing them.
    with (root / "rapport" / "reports" / "services.py").open("a") as services:
        services.write("\nfrom rapport.reports.tasks import generate_report_task  # noqa\n")
    result = _lint_imports(root, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rapport.reports.services is not allowed to import rapport.reports.tasks" in (
        result.stdout
    )


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (tests left out), by Tarjan."""
    modules = {m for m in graph.modules if ".tests" not in m and not m.endswith("conftest")}
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_in_the_code() -> None:
    # Function-level imports count; imports made only for the type checker do not run.
    graph = grimp.build_graph("rapport", exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for module in ("rapport.a", "rapport.b", "rapport.c"):
        graph.add_module(module)
    graph.add_import(importer="rapport.a", imported="rapport.b")
    graph.add_import(importer="rapport.b", imported="rapport.c")
    graph.add_import(importer="rapport.c", imported="rapport.a")
    assert _cycles(graph) == [["rapport.a", "rapport.b", "rapport.c"]]
