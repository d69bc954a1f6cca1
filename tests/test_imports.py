"""Every module imports at the top, in any order: no cycle hides behind an import inside a function."""

import ast
import random
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coproduce"


def modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def orders() -> list[list[str]]:
    names = modules()
    shuffled = [random.Random(seed).sample(names, len(names)) for seed in (1, 2, 3)]
    return [names, list(reversed(names)), *shuffled]


@pytest.mark.parametrize("order", orders(), ids=["sorted", "reversed", "shuffled-1", "shuffled-2", "shuffled-3"])
def test_every_module_imports_in_any_order(order):
    program = f"import importlib\nfor name in {order!r}:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]


def test_no_module_of_ours_is_imported_inside_a_function():
    """An import of our own module inside a function is a cycle in hiding. Only the application factory
    imports the app's parts when it builds an app, so that importing one module never imports them all."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [f"{path.relative_to(PACKAGE.parent)}:{sub.lineno}" for sub in ast.walk(node)
                          if isinstance(sub, ast.Import | ast.ImportFrom) and ours(sub)]
    assert found == []


def ours(statement: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.level > 0 or (statement.module or "").split(".")[0] == "coproduce"
    return any(alias.name.split(".")[0] == "coproduce" for alias in statement.names)
