"""The house's shape: imports point one way (runarchive -> crawler -> archive -> extract), even
inside functions, and no module of the packages grows past 700 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAYERS = {"runarchive": 3, "crawler": 2, "archive": 1, "extract": 0}
MAX_LINES = 700


def _modules() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (REPO / layer).rglob("*.py"))


def _imported(tree: ast.AST) -> set[str]:
    """Return the top-level packages a module imports, wherever the import statement is."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_imports_a_higher_layer(path):
    own = LAYERS[path.relative_to(REPO).parts[0]]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    higher = sorted(name for name in _imported(tree) if LAYERS.get(name, -1) > own)
    assert not higher, f"{path.relative_to(REPO)} imports {higher}"


def test_no_module_of_the_packages_is_over_700_lines():
    long = {
        str(p.relative_to(REPO)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_no_other_installed_distribution_claims_the_packages_names():
    from importlib.metadata import packages_distributions

    claimed = packages_distributions()
    for name in LAYERS:
        assert set(claimed.get(name, ["runarchive"])) == {"runarchive"}, (name, claimed[name])
