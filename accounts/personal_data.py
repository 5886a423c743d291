"""Each app registers what a person owns, so export and deletion cover every app.

An app calls ``register_personal_data`` from its ``AppConfig.ready``. ``export`` returns
JSON-ready data for one user; ``erase`` (optional) removes what a cascade would not, or
must go first — the journal destroys its data key before anything else (crypto-shredding).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Exporter
    erase: Eraser | None = None
    order: int = 100


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data(
    name: str, *, export: Exporter, erase: Eraser | None = None, order: int = 100
) -> None:
    _sections[name] = PersonalDataSection(name=name, export=export, erase=erase, order=order)


def personal_data_sections() -> list[PersonalDataSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))
