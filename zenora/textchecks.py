"""Checks on what members write, before it is saved: the confidentiality guard and
content-warning themes (crisis language is zenora/crisis.py). Pure functions on text: no
queries, so live chat can run them on its busiest path. The guard's patterns are a data file in
zenora/content/, with tests on written sentences for both sides.
"""

import json
import re
from dataclasses import dataclass, field
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
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

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
    group: int = 0
    requires: re.Pattern | None = None


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
            group=p.get("group", 0),
            requires=re.compile(p["requires"]) if p.get("requires") else None,
        )
        for p in data["patterns"]
    ]
    return patterns, frozenset(data.get("not_names", []))


@lru_cache(maxsize=1)
def _service_prefixes() -> tuple[str, ...]:
    data = json.loads(GUARD_PATTERNS_FILE.read_text(encoding="utf-8"))
    return tuple(data.get("service_number_prefixes", []))


_YEAR = re.compile(r"(?:19|20)\d{2}")
_BIRTH_WORDS = re.compile(r"\b(?:born|d\.?o\.?b|date of birth|birthday)\b", re.IGNORECASE)


def _keep(pattern: _Pattern, match: re.Match, text: str, not_names: frozenset[str]) -> bool:
    found = match.group(0)
    if pattern.min_digits and sum(c.isdigit() for c in found) < pattern.min_digits:
        return False
    if pattern.kind == "phone":
        digits = (
            re.sub(r"\D", "", found).removeprefix("44").removeprefix("1" if found.startswith("1-") else "")
        )
        if (
            digits.startswith(_service_prefixes())
            or ("0" + digits).startswith(_service_prefixes()[:8])
            and found.startswith("+")
        ):
            return False  # a freephone or service line: a helpline, not a person
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


@dataclass(frozen=True)
class _Names:
    first: frozenset[str]
    word_names: frozenset[str]
    famous: tuple[str, ...]
    common: frozenset[str]


@lru_cache(maxsize=1)
def _names() -> _Names:
    data = json.loads(GUARD_PATTERNS_FILE.read_text(encoding="utf-8"))
    return _Names(
        first=frozenset(data.get("first_names", [])),
        word_names=frozenset(data.get("word_names", [])),
        famous=tuple(data.get("famous_names", [])),
        common=frozenset(data.get("common_words", [])),
    )


# --- national identity numbers, each told by its own shape and check digit ----------------------

_DIGIT_RUN = re.compile(r"(?<![\w/.-])\d[\d -]{7,14}\d(?![\w/-])")
_ID_CONTEXT = (
    ("sin", re.compile(r"\b(?:sin|social insur\w*(?: number)?)\b[^\d]{0,25}$", re.IGNORECASE)),
    ("ssn", re.compile(r"\b(?:ssn|ss#|ss no|social secu\w*|social sec|social)\b[^\d]{0,25}$", re.IGNORECASE)),
    ("nhs_number", re.compile(r"\bnhs\b[^\d]{0,30}$", re.IGNORECASE)),
    ("medicare", re.compile(r"\bmedicare\b[^\d]{0,30}$", re.IGNORECASE)),
)
NATIONAL_ID_LABELS = {
    "ssn": "a Social Security number",
    "sin": "a Social Insurance Number",
    "nhs_number": "an NHS number",
    "medicare": "a Medicare number",
}


def nhs_number_valid(digits: str) -> bool:
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def sin_valid(digits: str) -> bool:
    return len(digits) == 9 and digits[0] not in "08" and luhn_valid(digits)


def medicare_valid(digits: str) -> bool:
    if len(digits) not in (10, 11) or digits[0] not in "23456":
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9)
    return sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 10 == int(digits[8])


def ssn_shaped(digits: str, groups: list[int]) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if len(digits) != 9 or area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return groups in ([3, 2, 4], [9])


def _national_ids(text: str) -> list[tuple[int, int, Finding]]:
    found = []
    for match in _DIGIT_RUN.finditer(text):
        raw = match.group(0).strip()
        groups = [len(g) for g in re.split(r"[ -]+", raw)]
        digits = re.sub(r"\D", "", raw)
        before = text[max(0, match.start() - 40) : match.start()]
        said = next((kind for kind, pattern in _ID_CONTEXT if pattern.search(before)), "")
        kind = ""
        if len(digits) == 10 and groups in ([3, 3, 4], [10]) and nhs_number_valid(digits):
            kind = "nhs_number"
        if len(digits) in (10, 11) and groups[:3] in ([4, 5, 1], [10], [4, 5, 2]) and medicare_valid(digits):
            kind = "medicare" if (said == "medicare" or not kind) else kind
        if len(digits) == 9 and groups in ([3, 3, 3], [9]) and sin_valid(digits):
            kind = "sin" if said != "ssn" else "ssn"
        if not kind and ssn_shaped(digits, groups) and (said == "ssn" or groups == [3, 2, 4]):
            kind = "ssn"
        if said and said != kind and said in ("ssn", "sin", "nhs_number", "medicare"):
            # the writer named it: trust the name when the shape fits
            if said == "ssn" and len(digits) == 9:
                kind = "ssn"
            elif said == "sin" and len(digits) == 9:
                kind = "sin"
            elif said == "nhs_number" and len(digits) == 10:
                kind = "nhs_number"
            elif said == "medicare" and len(digits) in (10, 11):
                kind = "medicare"
        if kind:
            end = match.end()
            if kind == "medicare":  # an individual reference number may follow: "2 / 1"
                tail = re.match(r"\s*/\s*\d\b", text[end:])
                if tail:
                    end += tail.end()
            found.append(
                (
                    match.start(),
                    end,
                    Finding(kind, NATIONAL_ID_LABELS[kind], text[match.start() : end].strip()),
                )
            )
    return found


# --- names with something that places them -------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_TIME_NEAR = re.compile(
    r"(?:\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|@\s?\d{1,2}\b|\b\d{1,2} o'clock\b)", re.IGNORECASE
)
_SCHOOL = re.compile(
    r"(?:\b(?:[A-Z][a-z'\.]+\s+){1,3}(?:Primary|Academy|Infants|Juniors?|School|High|College|Nursery|Secondary|Grammar)\b"
    r"|\b(?:St\.?|Saint)\s+[A-Z][a-z]+'s\b"
    r"|\b(?:st\.? )?[a-z]+'?s? (?:catholic |church of england |c of e )?(?:primary|academy|infants|juniors|nursery|grammar)(?: school)?\b)"
)
_EMPLOYER = re.compile(
    r"^\s+(?:from|at|who works at|works at|on)\s+(?!(?:our|my|your)\b)(?:the\s+)?"
    r"(?:ward \d+|[A-Z][\w'&]+|a&e\b|[a-z]+(?:'s)? (?:warehouse|depot|branch|store|shop|factory|office|site|reception|plant|garage|surgery|pharmacy|bakery|call centre|team)\b)",
)
_AGE_AFTER = re.compile(
    r"^(?:,\s*(?:aged\s+)?\d{1,2}\s*[,.;)]|\s*\(\s*(?:aged\s+)?\d{1,2}\s*\)|,?\s+aged\s+\d{1,2}\b"
    r"|,?\s+(?:who's|who is|is)\s+(?:only\s+|just\s+)?\d{1,2}\b(?!\s*(?:%|am\b|pm\b|minutes|mins|hours|days|weeks|months|:|\.\d)))",
    re.IGNORECASE,
)
_UNIT_WORDS = frozenset(
    [
        "Ward",
        "Room",
        "Bay",
        "Bus",
        "Level",
        "Step",
        "Band",
        "Year",
        "Page",
        "Table",
        "Session",
        "Week",
        "Day",
        "Phase",
        "Stage",
        "Floor",
        "Bed",
        "Unit",
        "Line",
        "Route",
        "Gate",
        "Zone",
    ]
)
_FAMILY = re.compile(
    r"\b[Tt]he\s+([A-Za-z][a-z]+)\s+(?:family|familly|fam|household|twins|kids|children)\b"
    r"|\b[Tt]he\s+([A-Za-z][a-z]+s)\b(?=[^.]{0,80}\b(?:youngest|eldest|son|daughter|boy|girl|little|baby|kids?|child|children|aged|\(\d|is \d{1,2}(?![\d:.])(?! \d))\b)"
)
_NOT_FAMILY = frozenset(
    [
        "whole",
        "foster",
        "host",
        "extended",
        "same",
        "new",
        "birth",
        "royal",
        "wider",
        "immediate",
        "adoptive",
        "young",
        "next",
        "first",
        "other",
        "entire",
        "client's",
        "patient's",
        "own",
        "last",
        "second",
        "third",
        "whole",
        "big",
        "nuclear",
        "biological",
        "blended",
        "step",
        "kinship",
        "local",
    ]
).union(
    [
        "parents",
        "twins",
        "girls",
        "boys",
        "kids",
        "children",
        "siblings",
        "carers",
        "grandparents",
        "nurses",
        "doctors",
        "teachers",
        "students",
        "staff",
        "others",
        "mums",
        "dads",
        "fosterers",
        "workers",
        "families",
        "clients",
        "patients",
        "teens",
        "teenagers",
    ]
)
_INITIAL_SURNAME = re.compile(r"(?<![\w.])([A-Z])\.\s?([A-Z][a-z]{2,}(?:[-'][A-Z]?[a-z]+)?)\b")
_SEEN_WITH = re.compile(
    r"\b(?i:with|saw|seen|see|seeing|met|meet|notes (?:on|for)|spoke to|speak to|called|rang|phoned|visited|"
    r"referral for|referred|discharged|assessed|client|patient|cover)\s+"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+((?:Mc|Mac|O')?[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?)\b"
)
_TITLES = frozenset(
    [
        "Dr",
        "Prof",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mx",
        "Sir",
        "Dame",
        "Lady",
        "Lord",
        "Nurse",
        "Sister",
        "Father",
        "Rev",
    ]
)
_CHILD_AGED = re.compile(
    r"\b(?i:daughter|son|boy|girl|child|kid|youngest|eldest|baby|brother|sister|twins?)\s+([A-Za-z][a-z]+)\s*"
    r"(?:\(\s*\d{1,2}\s*\)|,\s*\d{1,2}\s*,|is \d{1,2}\b)"
)
_NAME_AT_SCHOOL = re.compile(
    r"\b([A-Za-z][a-z]+)\s+(?:at|from|in)\s+(?:st\.?\s+|saint\s+)?[A-Za-z]+(?:'s)?\s+"
    r"(?:(?i:catholic|church of england|c of e|cofe|methodist|community|junior|infant)\s+)?"
    r"(?i:primary|academy|infants|juniors|nursery|grammar|high school|secondary|college)\b"
)
_CALLED = re.compile(r"\b(?:called|named|name is|name's)\s+([A-Z][a-z]{2,})\b")


@lru_cache(maxsize=1)
def _org_words() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(GUARD_PATTERNS_FILE.read_text(encoding="utf-8"))
    return frozenset(data.get("org_words", [])), frozenset(data.get("org_first_words", []))


def _is_first_name(word: str, names: _Names, *, any_case: bool) -> bool:
    if not word:
        return False
    if not any_case and not word[0].isupper():
        return False
    if word[0].islower() and word in names.word_names:
        return False  # "ruby", "will", "grace": a name only when written like one
    return word.lower() in names.first


def _surname_like(word: str, names: _Names) -> bool:
    low = word.lower()
    if len(low) < 2 or low in names.common or low in names.first and not word[0].isupper():
        return False
    return not word.isupper() or len(word) <= 1


@lru_cache(maxsize=1)
def _famous_by_first_word() -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for name in _names().famous:
        by_first.setdefault(name.split()[0], []).append(name)
    return {first: tuple(names) for first, names in by_first.items()}


def _famous_at(text_lower: str, start: int, names: _Names) -> bool:
    first = text_lower[start:].split(" ", 1)[0].split("'")[0]
    return any(text_lower.startswith(name, start) for name in _famous_by_first_word().get(first, ()))


def _names_found(text: str) -> list[tuple[int, int, Finding]]:
    names = _names()
    lower = text.lower()
    found: list[tuple[int, int, Finding]] = []
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group(0)
        if word.endswith("'s"):
            word = word[:-2]
        capital = word[0].isupper()
        if not capital and word.lower() not in names.first:
            continue  # a lower-case word that is no given name starts nothing below
        if "@" in text[max(0, m.start() - 3) : m.start()]:
            continue  # a mention of a member (@**Priya Shah**), not a client
        if not _is_first_name(word, names, any_case=True):
            # Any capitalised word that is not a common word, a unit or a sentence's first word can be a
            # name when an age or a workplace follows it ("Bartosz, 41,", "Ines from the Tesco").
            after = text[m.end() : m.end() + 60]
            starts_sentence = i == 0 or text[: m.start()].rstrip()[-1:] in ".!?;:"
            if (
                capital
                and len(word) > 2
                and word.lower() not in names.common
                and word not in _UNIT_WORDS
                and not word.isupper()
                and not _famous_at(lower, m.start(), names)
            ):
                rule = _AGE_AFTER.match(after) or (not starts_sentence and _EMPLOYER.match(after))
                if rule and not rule.group(0).lstrip().lower().startswith("on"):
                    end = m.end() + rule.end()
                    label = "a name with an age" if rule.re is _AGE_AFTER else "a name with a workplace"
                    found.append(
                        (m.start(), end, Finding("client_name", label, text[m.start() : end].strip()))
                    )
            continue
        if _famous_at(lower, m.start(), names):
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        gap = text[m.end() : nxt.start()] if nxt else ""
        after = text[m.end() : m.end() + 60]
        # A first name and a surname: "Rosa Delgado", and in lower case "helena voss".
        if nxt and gap.strip() == "" and len(gap) <= 2:
            surname = nxt.group(0)
            surname_plain = surname[:-2] if surname.endswith("'s") else surname
            if (
                capital
                and surname_plain[:1].isupper()
                and surname_plain not in _UNIT_WORDS
                and _surname_like(surname_plain, names)
            ):
                found.append(
                    (
                        m.start(),
                        nxt.end(),
                        Finding("client_name", "a person's full name", text[m.start() : nxt.end()]),
                    )
                )
                continue
            if (
                not capital
                and surname_plain.islower()
                and _surname_like(surname_plain, names)
                and len(surname_plain) >= 3
            ):
                found.append(
                    (
                        m.start(),
                        nxt.end(),
                        Finding("client_name", "a person's full name", text[m.start() : nxt.end()]),
                    )
                )
                continue
        # A first name with an age: "Rebecca, 34", "tom (52)", "Freya is 5".
        if _AGE_AFTER.match(after):
            end = m.end() + _AGE_AFTER.match(after).end()
            found.append(
                (m.start(), end, Finding("client_name", "a name with an age", text[m.start() : end].strip()))
            )
            continue
        # A first name with an employer, a branch, a ward or a team.
        if _EMPLOYER.match(after) and (
            capital or not _EMPLOYER.match(after).group(0).strip().startswith("on")
        ):
            end = m.end() + _EMPLOYER.match(after).end()
            found.append(
                (
                    m.start(),
                    end,
                    Finding("client_name", "a name with a workplace", text[m.start() : end].strip()),
                )
            )
            continue
        # A first name in the sentence with a named school, or an appointment time.
        sentence = _sentence_around(text, m.start())
        if capital or i > 0:
            school = _SCHOOL.search(sentence[1])
            if school and not (sentence[0] + school.start() <= m.start() < sentence[0] + school.end()):
                found.append(
                    (m.start(), m.end(), Finding("client_name", "a child's name with a school", word))
                )
                continue
    for m in _INITIAL_SURNAME.finditer(text):
        if not _famous_at(lower, m.start(), names):
            found.append((m.start(), m.end(), Finding("client_name", "an initial and surname", m.group(0))))
    for m in _FAMILY.finditer(text):
        family = (m.group(1) or m.group(2) or "").lower()
        if family and family not in _NOT_FAMILY and family not in names.common:
            found.append((m.start(), m.end(), Finding("client_name", "a family name", m.group(0))))
    data = _org_words()
    for m in _SEEN_WITH.finditer(text):
        first, surname = m.group(1), m.group(2).split("'")[0] if m.group(2).endswith("'s") else m.group(2)
        if (
            first in _TITLES
            or first in data[1]
            or surname in data[0]
            or first in _UNIT_WORDS
            or first.lower() in names.common
            or surname.lower() in names.common
            or _famous_at(lower, m.start(1), names)
        ):
            continue
        found.append(
            (
                m.start(1),
                m.end(2),
                Finding("client_name", "a person's full name", m.group(0)[m.start(1) - m.start() :]),
            )
        )
    for m in _CHILD_AGED.finditer(text):
        if m.group(1).lower() not in names.common:
            found.append(
                (
                    m.start(1),
                    m.end(),
                    Finding("client_name", "a child's name with an age", text[m.start(1) : m.end()]),
                )
            )
    for m in _NAME_AT_SCHOOL.finditer(text):
        word = m.group(1)
        starts_sentence = text[: m.start(1)].rstrip()[-1:] in ("", ".", "!", "?", ";", ":")
        if (
            (_is_first_name(word, names, any_case=True) or (word[0].isupper() and not starts_sentence))
            and word.lower() not in names.common
            and not word.endswith("s")
        ):
            found.append(
                (
                    m.start(1),
                    m.end(),
                    Finding("client_name", "a child's name with a school", text[m.start(1) : m.end()]),
                )
            )
    for m in _CALLED.finditer(text):
        if m.group(1) not in _UNIT_WORDS:
            found.append((m.start(1), m.end(1), Finding("client_name", "a person's name", m.group(1))))
    return found


def _sentence_around(text: str, index: int) -> tuple[int, str]:
    start = max(text.rfind(". ", 0, index), text.rfind("; ", 0, index), text.rfind("\n", 0, index))
    start = 0 if start < 0 else start + 1
    end_candidates = [
        i for i in (text.find(". ", index), text.find("; ", index), text.find("\n", index)) if i >= 0
    ]
    end = min(end_candidates) if end_candidates else len(text)
    return start, text[start:end]


def _spans(text: str) -> list[tuple[int, int, Finding]]:
    patterns, not_names = _guard()
    national = _national_ids(text)
    spans: list[tuple[int, int, Finding]] = list(national)
    for pattern in patterns:
        if pattern.requires is not None and not pattern.requires.search(text):
            continue  # cannot match: skip the slower pattern
        for match in pattern.regex.finditer(text):
            if not _keep(pattern, match, text, not_names):
                continue
            if any(s < match.end() and match.start() < e for s, e, _ in national):
                continue  # an SSN or NHS number is reported as itself, not as a phone or record number
            g = pattern.group
            finding = Finding(
                pattern.kind, pattern.label, match.group(g).strip(), match.start(g), match.end(g)
            )
            spans.append((match.start(g), match.end(g), finding))
    spans.extend(_names_found(text))
    return [(s, e, Finding(f.kind, f.label, f.text, s, e)) for s, e, f in spans]


def find_identifiers(text: str) -> list[Finding]:
    """Likely identifiers of a client in ``text``, in order of appearance, each once."""
    text = (text or "")[:CHECK_MAX_CHARS]
    if not text.strip():
        return []
    spans = _spans(text)
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
