"""Demo data for `manage.py seed_demo`: each app registers a seeder; each seeder is idempotent."""

from collections.abc import Callable
from dataclasses import dataclass

DEMO_PASSWORD = "zenora-demo-2026"


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    seed: Callable[[], list[str]]  # returns lines worth printing (links, logins)
    order: int


_seeders: dict[str, DemoSeeder] = {}


def register_demo_seeder(name: str, seed: Callable[[], list[str]], *, order: int = 100) -> None:
    _seeders[name] = DemoSeeder(name=name, seed=seed, order=order)


def demo_seeders() -> list[DemoSeeder]:
    return sorted(_seeders.values(), key=lambda seeder: (seeder.order, seeder.name))
