"""Dependencies point down: reminders send through notifications, never the other way round."""

import ast
from pathlib import Path

import notifications

HIGHER_APPS = {"reminders", "communities", "debriefs", "insights", "journals", "wellbeing", "learning"}


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_notifications_code_imports_no_app_above_it():
    root = Path(notifications.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for module in _imported_modules(path)
        if module.split(".")[0] in HIGHER_APPS
    }
    assert offending == set()
