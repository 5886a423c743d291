"""Phrase lists kept in data files, matched on whole words, whatever the case and spacing.

One format for every list (journal crisis language, community crisis language): one phrase a
line, ``#`` starts a comment. Curly apostrophes count as straight ones.
"""

import re
from functools import lru_cache
from pathlib import Path


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text)


def read_phrases(path: Path) -> list[str]:
    phrases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            phrases.append(normalise(line))
    return phrases


@lru_cache(maxsize=16)
def phrase_pattern(path: str) -> re.Pattern:
    """One compiled alternation of the file's phrases; search it in ``normalise``d text."""
    phrases = [
        r"\s+".join(re.escape(word) for word in phrase.split(" ")) for phrase in read_phrases(Path(path))
    ]
    if not phrases:
        return re.compile(r"(?!x)x")  # an empty list matches nothing
    return re.compile(r"(?<![\w])(?:" + "|".join(phrases) + r")(?![\w])")


def contains_phrase(path: Path, *texts: str) -> bool:
    pattern = phrase_pattern(str(path))
    return any(text and pattern.search(normalise(text)) for text in texts)
