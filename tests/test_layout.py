"""The layout's arrows point one way: each app (and each wing of communities) imports only the
apps listed for it below, and the list itself has no cycle. Every import counts, including
those inside functions: a late import hides a cycle from Python, not from the design.

Tests and migrations are left out; ``config`` may import any app. An app's own wiring (its
AppConfig and its URL list) puts the app together, so it may name the app's wings.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WINGS = {"communities": ("rooms", "safety")}
WIRING = {"communities.apps", "communities.urls"}

# What each part may import, lowest layer first (DESIGN.md: config → apps → accounts and
# notifications → the zenora kernel).
ALLOWED: dict[str, set[str]] = {
    "zenora": set(),
    "accounts": {"zenora"},
    "notifications": {"accounts", "zenora"},
    "journals": {"accounts", "zenora"},
    "wellbeing": {"accounts", "journals", "notifications", "zenora"},
    "reminders": {"accounts", "notifications", "wellbeing", "zenora"},
    "learning": {"accounts", "zenora"},
    "communities": {"accounts", "notifications", "zenora"},
    "communities.rooms": {"communities", "accounts", "notifications", "zenora"},
    "communities.safety": {"communities", "communities.rooms", "accounts", "notifications", "zenora"},
    "debriefs": {"communities", "communities.rooms", "accounts", "notifications", "zenora"},
    "insights": {"communities", "accounts", "journals", "learning", "notifications", "wellbeing", "zenora"},
}
CONFIG = "config"
PARTS = {*ALLOWED, CONFIG}


def part_of(module: str) -> str | None:
    """The app or wing a dotted module name belongs to, or None for anything outside Zenora."""
    names = module.split(".")
    if names[0] not in PARTS:
        return None
    if len(names) > 1 and names[1] in WINGS.get(names[0], ()):
        return f"{names[0]}.{names[1]}"
    return names[0]


def source_modules() -> Iterator[tuple[str, Path]]:
    for app in sorted(PARTS):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if {"tests", "migrations"} & set(relative.parts):
                continue
            dotted = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            yield dotted, path


def imported_names(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            # "from communities import rooms" names a wing through the attribute.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_edges() -> dict[tuple[str, str], str]:
    """(importer, imported) → one module that shows it."""
    edges: dict[tuple[str, str], str] = {}
    for dotted, path in source_modules():
        importer = CONFIG if dotted in WIRING else part_of(dotted)
        for name in imported_names(path):
            imported = part_of(name)
            if imported and imported != importer:
                edges.setdefault((importer, imported), dotted)
    return edges


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(graph.get(node, ())):
            if found := visit(target):
                return found
        visiting.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if found := visit(node):
            return found
    return None


def test_layout_allowed_directions_have_no_cycle():
    assert cycle_in(ALLOWED) is None


def test_layout_every_part_exists():
    for part in PARTS:
        assert (ROOT / part.replace(".", "/")).is_dir(), part


def test_layout_imports_follow_the_allowed_directions():
    forbidden = [
        f"{importer} imports {imported} (in {module})"
        for (importer, imported), module in sorted(import_edges().items())
        if importer != CONFIG and imported not in ALLOWED[importer]
    ]
    assert forbidden == []


def test_layout_nothing_imports_config():
    assert [module for (importer, imported), module in import_edges().items() if imported == CONFIG] == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]), ({"a": {"b"}, "b": set()}, None)],
)
def test_layout_cycle_finder_finds_cycles(graph, expected):
    assert cycle_in(graph) == expected
