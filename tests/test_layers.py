"""The layers point one way: blueprints -> web -> domain -> db. A module imports only from its own
layer and the layers below it; the domain and the data never touch a web request."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# what each layer may not import (a package of this project, or a library)
FORBIDDEN = {
    "db": {"domain", "web", "blueprints", "commands", "app", "flask", "flask_login", "flask_wtf", "werkzeug"},
    "domain": {"web", "blueprints", "commands", "app", "flask", "flask_login", "flask_wtf", "werkzeug"},
    "web": {"blueprints", "commands", "app"},
    "commands": {"web", "blueprints", "app"},
}


def imported_roots(path):
    """The top-level names a module imports (`from flask_babel import x` -> 'flask_babel')."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


def modules_of(layer):
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_above_it(layer):
    wrong = [f"{path.relative_to(ROOT)} imports {name}"
             for path in modules_of(layer) for name in imported_roots(path) if name in FORBIDDEN[layer]]
    assert wrong == []


def test_the_scan_sees_the_imports():
    assert "flask_babel" in set(imported_roots(ROOT / "domain" / "refusals.py"))
    assert "flask" in set(imported_roots(ROOT / "web" / "rendering.py"))


def test_a_blueprint_imports_no_other_blueprint():
    wrong = []
    for path in modules_of("blueprints"):
        area = path.relative_to(ROOT / "blueprints").parts[0]
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) and node.module else ""
            if module.startswith("blueprints.") and module.split(".")[1] != area:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


# what a migration may import of the project: its DDL runner and the text normalisers
MIGRATIONS_MAY_IMPORT = ("db.migrations", "db.text")


def test_a_migration_never_imports_todays_models():
    """A migration carries its own DDL: a later change of a model must not rewrite history."""
    wrong = [f"{path.name} imports {name}" for path in modules_of("db/migrations")
             for name in _full_imports(path)
             if name.split(".")[0] in ("db", "domain") and not name.startswith(MIGRATIONS_MAY_IMPORT)]
    assert wrong == []


def _full_imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_app_takes_no_hook_from_a_blueprint():
    assert not [name for name in _full_imports(ROOT / "app.py") if name.startswith("blueprints.")]
