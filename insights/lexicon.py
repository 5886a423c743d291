"""Themes and sentiment in a person's own writing: a lexicon written for Zenora, no model.

The lexicon (insights/content/themes.json) names the five signs of vicarious trauma, common
stressors and protective factors. Text is read on the server for its author only; what comes
out is numbers and theme slugs, never words from the text.
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

THEMES_FILE = Path(__file__).parent / "content" / "themes.json"
NEGATION_WINDOW = 3
INTENSITY_WINDOW = 2
INTENSE, SOFT = 1.5, 0.5
SIGN, STRESSOR, PROTECTIVE = "sign", "stressor", "protective"

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.!?;:,\n\u2014\u2013()]+|\s-\s")


@dataclass(frozen=True)
class Theme:
    slug: str
    group: str
    label: str
    phrase: str  # how a sentence names it: "3 entries mention {phrase}"


@dataclass(frozen=True)
class Lexicon:
    themes: dict[str, Theme]
    # Each pattern: (theme slug, tuple of word patterns); a pattern ending in "*" is a prefix.
    # The slug is None for a phrase that uses a theme's word in another sense ("car park"):
    # it claims its words so the shorter theme phrase ("park") cannot, and counts for nothing.
    patterns: tuple[tuple[str | None, tuple[str, ...]], ...]
    negations: frozenset[str]
    intensifiers: frozenset[str]
    softeners: frozenset[str]
    clause_breaks: frozenset[str]
    groups: dict[str, str]

    def slugs(self, group: str) -> list[str]:
        return [slug for slug, theme in self.themes.items() if theme.group == group]


def _word(token: str) -> str:
    """Apostrophes vanish, so "can't", "can’t" and "cant" are one word."""
    return token.replace("'", "")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data: dict[str, Any] = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    themes: dict[str, Theme] = {}
    patterns: list[tuple[str | None, tuple[str, ...]]] = []
    for slug, item in data["themes"].items():
        themes[slug] = Theme(slug=slug, group=item["group"], label=item["label"], phrase=item["phrase"])
        for phrase in item["phrases"]:
            patterns.append((slug, tuple(_word(word) for word in phrase.lower().split())))
    for phrase in data.get("other_senses", []):
        patterns.append((None, tuple(_word(word) for word in phrase.lower().split())))
    # Longest phrases first, so an overlap is settled in favour of the more specific one.
    patterns.sort(key=lambda pattern: -len(pattern[1]))
    return Lexicon(
        themes=themes,
        patterns=tuple(patterns),
        negations=frozenset(data["negations"]),
        intensifiers=frozenset(data["intensifiers"]),
        softeners=frozenset(data["softeners"]),
        clause_breaks=frozenset(data["clause_breaks"]),
        groups=data["groups"],
    )


def _tokens(clause: str) -> list[str]:
    return [_word(token) for token in _WORD.findall(clause)]


def _clauses(text: str, breaks: frozenset[str]) -> list[list[str]]:
    normalised = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    clauses: list[list[str]] = []
    for part in _CLAUSE.split(normalised):
        current: list[str] = []
        for token in _tokens(part):
            if token in breaks:
                if current:
                    clauses.append(current)
                current = []
            else:
                current.append(token)
        if current:
            clauses.append(current)
    return clauses


def _matches_at(tokens: list[str], start: int, words: tuple[str, ...]) -> bool:
    if start + len(words) > len(tokens):
        return False
    for offset, word in enumerate(words):
        token = tokens[start + offset]
        if word.endswith("*"):
            if not token.startswith(word[:-1]):
                return False
        elif token != word:
            return False
    return True


def _weight(tokens: list[str], start: int, lex: Lexicon) -> float:
    """0 when negated, 1.5 intensified, 0.5 softened, else 1."""
    before = tokens[max(0, start - NEGATION_WINDOW) : start]
    if any(token in lex.negations for token in before):
        return 0.0
    near = tokens[max(0, start - INTENSITY_WINDOW) : start]
    if any(token in lex.intensifiers for token in near):
        return INTENSE
    if any(token in lex.softeners for token in near):
        return SOFT
    return 1.0


def theme_weights(text: str) -> dict[str, float]:
    """{theme slug: weight} for one text; negated mentions count zero and are left out."""
    lex = lexicon()
    totals: dict[str, float] = {}
    for tokens in _clauses(text, lex.clause_breaks):
        taken = [False] * len(tokens)
        for slug, words in lex.patterns:
            for start in range(len(tokens) - len(words) + 1):
                span = range(start, start + len(words))
                if any(taken[i] for i in span) or not _matches_at(tokens, start, words):
                    continue
                for i in span:
                    taken[i] = True
                if slug is None:
                    continue
                weight = _weight(tokens, start, lex)
                if weight:
                    totals[slug] = totals.get(slug, 0.0) + weight
    return {slug: round(weight, 2) for slug, weight in totals.items()}


@lru_cache(maxsize=1)
def _vader():
    # The lexicon ships inside the vaderSentiment package: nothing is downloaded.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER's compound score, from −1 (most negative) to +1 (most positive)."""
    if not text.strip():
        return 0.0
    return round(_vader().polarity_scores(text)["compound"], 3)


@dataclass(frozen=True)
class TextSignals:
    sentiment: float
    themes: dict[str, float] = field(default_factory=dict)
    crisis: bool = False


def analyse(text: str) -> TextSignals:
    from zenora.crisis import is_personal_crisis

    return TextSignals(sentiment=sentiment(text), themes=theme_weights(text), crisis=is_personal_crisis(text))


def group_total(themes: dict[str, float], group: str) -> float:
    lex = lexicon()
    return sum(
        weight for slug, weight in themes.items() if slug in lex.themes and lex.themes[slug].group == group
    )
