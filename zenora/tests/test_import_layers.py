"""The layers point one way: no import cycle between apps, nor between the communities wings.

Imports are read from the source (module level and inside functions alike), so a cycle can't
hide in a function body.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "communities", "debriefs", "insights", "journals", "learning", "notifications",
        "reminders", "wellbeing", "zenora"]  # fmt: skip
# Where the communities app is put together (its config and its URL list): they name every wing.
WIRING = {"communities.apps", "communities.urls"}
# The project's configuration lives in zenora/ too, and may import any app.
CONFIG = {
    "zenora.settings",
    "zenora.settings_test",
    "zenora.urls",
    "zenora.routing",
    "zenora.asgi",
    "zenora.celery",
}
# Not yet turned around: /healthz reads the beat's last tick from reminders directly, and the
# outbox in notifications still reads reminders' delivery rows (being reworked in notifications/).
KNOWN_INWARD = {("zenora.health", "reminders"), ("notifications.delivery", "reminders")}


def _modules(app: str) -> dict[str, Path]:
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or "management" in parts:
            continue
        name = ".".join(p for p in parts if p != "__init__")
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _wing(module: str) -> str | None:
    if module.startswith("communities.rooms"):
        return "rooms"
    if module.startswith("communities.safety"):
        return "safety"
    if module == "communities" or module.startswith("communities."):
        return "core"
    return None


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_import_layers_communities_wings_point_one_way():
    allowed = {"core": {"core"}, "rooms": {"core", "rooms"}, "safety": {"core", "rooms", "safety"}}
    wrong = []
    graph: dict[str, set[str]] = {}
    for module, path in _modules("communities").items():
        if module in WIRING:
            continue
        wing = _wing(module)
        for imported in _imports(path):
            target = _wing(imported)
            if target is None:
                continue
            if target not in allowed[wing]:
                wrong.append(f"{module} imports {imported}")
            if target != wing:
                graph.setdefault(wing, set()).add(target)
    assert wrong == []
    assert _cycle(graph) is None


def test_import_layers_debriefs_use_rooms_not_safety():
    for module, path in _modules("debriefs").items():
        assert not any(name.startswith("communities.safety") for name in _imports(path)), module


def test_import_layers_no_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for source in APPS:
        for module, path in _modules(source).items():
            if module in CONFIG:
                continue
            for imported in _imports(path):
                top = imported.split(".")[0]
                if top in APPS and top != source and (module, top) not in KNOWN_INWARD:
                    graph.setdefault(source, set()).add(top)
    assert _cycle(graph) is None
    assert not graph.get("zenora"), f"the kernel imports {graph.get('zenora')}"
