"""Checks on what members write, before it is saved: the confidentiality guard and
content-warning themes (crisis language is zenora/crisis.py). Pure functions on text: no
queries, so live chat can run them on its busiest path. The guard's patterns are a data file in
zenora/content/, with tests on written sentences for both sides.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError

CONTENT = Path(__file__).parent / "content"
GUARD_PATTERNS_FILE = CONTENT / "confidentiality_patterns.json"
# Longer texts are checked on their first part only: the check must stay fast on any input.
CHECK_MAX_CHARS = 25000


# --- content warnings ------------------------------------------------------------------------

THEMES: list[tuple[str, str]] = [
    ("suicide", "Suicide"),
    ("self_harm", "Self-harm"),
    ("child_abuse", "Child abuse"),
    ("sexual_violence", "Sexual violence"),
    ("violence", "Violence"),
    ("death", "Death"),
]
THEME_LABELS = dict(THEMES)
WARNING_LABEL_MAX = 60


def clean_themes(themes) -> list[str]:
    """Known theme keys, in the standard order; anything else is dropped."""
    chosen = {str(t) for t in (themes or [])}
    return [key for key, _ in THEMES if key in chosen]


def split_themes(stored: str) -> list[str]:
    return clean_themes((stored or "").split(","))


def warning_text(themes: str | list[str], label: str = "") -> str:
    """The words of a warning: "Suicide, Self-harm, hospital stay". Empty when there is none."""
    keys = split_themes(themes) if isinstance(themes, str) else clean_themes(themes)
    parts = [THEME_LABELS[k] for k in keys]
    if label:
        parts.append(label)
    return ", ".join(parts)


def clean_warning_label(label: str) -> str:
    label = " ".join((label or "").replace("\x00", "").split())
    if len(label) > WARNING_LABEL_MAX:
        raise ValidationError({"warning_label": f"Keep the warning under {WARNING_LABEL_MAX} characters."})
    return label


# --- the confidentiality guard -----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label, "text": self.text}


class IdentifierFindings(ValidationError):
    """The text may identify a client: the writer edits it, or confirms it does not."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        listed = "; ".join(f"{f.label} (“{f.text}”)" for f in findings)
        super().__init__(
            f"This may identify someone: {listed}. Edit it out, or confirm it doesn't identify anyone."
        )


@dataclass(frozen=True)
class _Pattern:
    kind: str
    label: str
    regex: re.Pattern
    min_digits: int = 0
    min_age_years: int = 0
    name_group: int = 0


@lru_cache(maxsize=1)
def _guard() -> tuple[list[_Pattern], frozenset[str]]:
    data = json.loads(GUARD_PATTERNS_FILE.read_text(encoding="utf-8"))
    patterns = [
        _Pattern(
            kind=p["kind"],
            label=p["label"],
            regex=re.compile(p["regex"], re.IGNORECASE if "i" in p.get("flags", "") else 0),
            min_digits=p.get("min_digits", 0),
            min_age_years=p.get("min_age_years", 0),
            name_group=p.get("name_group", 0),
        )
        for p in data["patterns"]
    ]
    return patterns, frozenset(data.get("not_names", []))


_YEAR = re.compile(r"(?:19|20)\d{2}")
_BIRTH_WORDS = re.compile(r"\b(?:born|d\.?o\.?b|date of birth|birthday)\b", re.IGNORECASE)


def _keep(pattern: _Pattern, match: re.Match, text: str, not_names: frozenset[str]) -> bool:
    found = match.group(0)
    if pattern.min_digits and sum(c.isdigit() for c in found) < pattern.min_digits:
        return False
    if pattern.min_age_years:
        near = text[max(0, match.start() - 40) : match.start()]
        years = [int(y) for y in _YEAR.findall(found)]
        recent = years and years[-1] > date.today().year - pattern.min_age_years
        if recent and not _BIRTH_WORDS.search(near):
            return False  # a recent full date is an appointment, not a birth date
    if pattern.name_group:
        name = match.group(pattern.name_group)
        words = [
            w for w in name.replace(".", " ").split() if w not in {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}
        ]
        if not words or words[0] in not_names:
            return False
    return True


def find_identifiers(text: str) -> list[Finding]:
    """Likely identifiers of a client in ``text``, in order of appearance, each once."""
    text = (text or "")[:CHECK_MAX_CHARS]
    if not text.strip():
        return []
    patterns, not_names = _guard()
    spans: list[tuple[int, int, Finding]] = []
    for pattern in patterns:
        for match in pattern.regex.finditer(text):
            if _keep(pattern, match, text, not_names):
                finding = Finding(pattern.kind, pattern.label, match.group(0).strip())
                spans.append((match.start(), match.end(), finding))
    # Longest first at each place; anything inside something already kept is the same finding.
    spans.sort(key=lambda item: (item[0], item[0] - item[1]))
    kept: list[tuple[int, int, Finding]] = []
    for start, end, finding in spans:
        if any(s <= start and end <= e for s, e, _ in kept):
            continue
        if (finding.kind, finding.text) not in {(f.kind, f.text) for _, _, f in kept}:
            kept.append((start, end, finding))
    return [finding for _, _, finding in kept]


def check_identifiers(*texts: str, confirmed: bool) -> None:
    """Raise IdentifierFindings unless the writer has confirmed the text doesn't identify anyone."""
    if confirmed:
        return
    findings = [f for text in texts for f in find_identifiers(text)]
    if findings:
        raise IdentifierFindings(findings)
