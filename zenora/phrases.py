"""Phrase lists kept in data files, matched on whole words, whatever the case and spacing.

One format for every list: one phrase a line, ``#`` starts a comment, and a ``[name]`` line
starts a named section (a file may hold several lists). Curly apostrophes count as straight ones.
"""

import re
from functools import lru_cache
from pathlib import Path

_SECTION = re.compile(r"^\[(.+)\]$")


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text)


def read_phrases(path: Path, section: str = "") -> list[str]:
    """The phrases of the file, or of one ``[section]`` of it."""
    phrases = []
    current = ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        heading = _SECTION.match(line)
        if heading:
            current = heading.group(1).strip()
        elif not section or current == section:
            phrases.append(normalise(line))
    return phrases


@lru_cache(maxsize=16)
def phrase_pattern(path: str, section: str = "") -> re.Pattern:
    """One compiled alternation of the phrases; search it in ``normalise``d text."""
    phrases = [
        r"\s+".join(re.escape(word) for word in phrase.split(" "))
        for phrase in read_phrases(Path(path), section)
    ]
    if not phrases:
        return re.compile(r"(?!x)x")  # an empty list matches nothing
    return re.compile(r"(?<![\w])(?:" + "|".join(phrases) + r")(?![\w])")


def read_sections(path: Path) -> dict[str, list[str]]:
    """Every ``[section]`` of the file as its raw lines (stripped, comments dropped, case kept)."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        heading = _SECTION.match(line)
        if heading:
            current = heading.group(1).strip()
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections
