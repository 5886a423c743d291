"""Debrief formats are data: the shipped ones come from content/formats.json, a community's own
from the database. Both become the same ``Format``: a name and its phases.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

FORMATS_FILE = Path(__file__).resolve().parent / "content" / "formats.json"
PHASES_MAX = 12
PHASE_MINUTES_MAX = 60
PHASE_NAME_MAX = 60
QUESTION_MAX = 300


@dataclass(frozen=True)
class Phase:
    name: str
    question: str
    minutes: int

    def as_dict(self) -> dict:
        return {"name": self.name, "question": self.question, "minutes": self.minutes}


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    description: str
    phases: tuple[Phase, ...]

    @property
    def total_minutes(self) -> int:
        return sum(phase.minutes for phase in self.phases)

    def phases_as_data(self) -> list[dict]:
        return [phase.as_dict() for phase in self.phases]


def clean_phases(raw: object) -> tuple[Phase, ...]:
    """Check a list of phases from a file or a form; a clear message for whatever is wrong."""
    if not isinstance(raw, list) or not raw:
        raise ValidationError("A format needs at least one phase.")
    if len(raw) > PHASES_MAX:
        raise ValidationError(f"A format can have up to {PHASES_MAX} phases.")
    phases = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ValidationError(f"Phase {number} could not be read.")
        name = " ".join(str(item.get("name", "")).split())
        question = " ".join(str(item.get("question", "")).split())
        try:
            minutes = int(item.get("minutes", 0))
        except (TypeError, ValueError):
            minutes = 0
        if not name or len(name) > PHASE_NAME_MAX:
            raise ValidationError(f"Phase {number} needs a name of up to {PHASE_NAME_MAX} characters.")
        if not question or len(question) > QUESTION_MAX:
            raise ValidationError(
                f"Phase {number} needs a guiding question of up to {QUESTION_MAX} characters."
            )
        if not 1 <= minutes <= PHASE_MINUTES_MAX:
            raise ValidationError(
                f"Phase {number} needs a suggested length between 1 and {PHASE_MINUTES_MAX} minutes."
            )
        phases.append(Phase(name=name, question=question, minutes=minutes))
    return tuple(phases)


@cache
def builtin_formats() -> tuple[Format, ...]:
    data = json.loads(FORMATS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Format(
            key=f"builtin:{item['key']}",
            name=item["name"],
            description=item.get("description", ""),
            phases=clean_phases(item["phases"]),
        )
        for item in data["formats"]
    )


def community_format(row) -> Format:
    return Format(key=row.key, name=row.name, description=row.description, phases=clean_phases(row.phases))


def formats_for(community) -> list[Format]:
    """Every format a facilitator of this community can choose: the shipped ones first."""
    from debriefs.models import CommunityFormat

    own = [community_format(row) for row in CommunityFormat.objects.filter(community=community)]
    return [*builtin_formats(), *own]


def format_for(community, key: str) -> Format:
    for candidate in formats_for(community):
        if candidate.key == key:
            return candidate
    raise ValidationError({"format_key": "Choose one of the formats in the list."})
