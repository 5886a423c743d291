"""Crisis language, and where help is: the one module the journal, the forum, live rooms and
insights use, so they agree on what is a crisis.

The phrases are one data file, zenora/content/crisis_language.txt, in three lists: personal
crisis language (the writer may be in danger), clinical talk about a client's risk, and the
words that make a sentence about someone else. Sentence by sentence, a personal phrase makes
the text ``CRISIS_PERSONAL`` unless the sentence is about someone else (a client's disclosure,
a risk assessment): then, like the clinical phrases, it is ``CRISIS_CLINICAL``. Figures of
speech ("this caseload is killing me") are in neither list.

What each place does with the level: personal shows the writer crisis resources at once (and
in a group also alerts its moderators); clinical is a quiet flag to a group's moderators and
shows nothing in a journal.

Resources are configured per deployment with ``settings.CRISIS_RESOURCES_FILE``, a JSON file
shaped like the generic one shipped in zenora/content/crisis_resources.json::

    {"heading": "…", "intro": "…",
     "resources": [{"name", "detail", "phone", "hours", "url"}, …]}

``crisis_resources()`` is the one reader every page uses (journal, groups, help now). A
missing or malformed file never breaks a page: the shipped guidance is shown instead, marked
``configured: False`` so pages can say the clinic's own list could not be read.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from zenora.phrases import read_sections

CONTENT = Path(__file__).parent / "content"
PHRASES_FILE = CONTENT / "crisis_language.txt"
DEFAULT_RESOURCES_FILE = CONTENT / "crisis_resources.json"
# Longer texts are checked on their first part only: the check must stay fast on any input.
CHECK_MAX_CHARS = 25000

logger = logging.getLogger(__name__)

# The levels a Finding has, and the short codes posts, chat messages and flags store.
PERSONAL_CRISIS = "personal_crisis"  # the writer may be in danger: resources now (and moderators alerted)
CLINICAL_RISK_TALK = "clinical_risk_talk"  # talk of a client's risk: a quiet flag, nothing alarming
NO_CRISIS = "none"
CRISIS_PERSONAL = "personal"
CRISIS_CLINICAL = "clinical"
STORED_LEVEL = {PERSONAL_CRISIS: CRISIS_PERSONAL, CLINICAL_RISK_TALK: CRISIS_CLINICAL, NO_CRISIS: ""}

CATEGORIES = (
    "wish_to_be_dead",
    "ideation",
    "method",
    "intent",
    "plan",
    "preparatory",
    "self_harm_act",
    "hopelessness",
)
CATEGORY_LABELS = {
    "wish_to_be_dead": "a wish to be dead",
    "ideation": "thoughts of suicide",
    "method": "thoughts of a method or place",
    "intent": "intent to act",
    "plan": "a plan",
    "preparatory": "preparations (letters, goodbyes, saving means)",
    "self_harm_act": "self-harm",
    "hopelessness": "hopelessness, no way out",
}
# Categories a hyperbole marker ("lol", "i'd rather ... than") turns into a figure of speech;
# preparations and self-harm are never jokes.
_JOKEABLE = {"wish_to_be_dead", "ideation", "method", "intent", "plan", "hopelessness"}


@dataclass(frozen=True)
class Match:
    category: str
    phrase: str  # the words that matched, in normalised form
    start: int  # offsets in the normalised text
    end: int
    attribution: str  # "writer", "someone else", "negated", "figure of speech"


@dataclass(frozen=True)
class Finding:
    level: str  # PERSONAL_CRISIS, CLINICAL_RISK_TALK or NO_CRISIS
    category: str = ""  # the first personal category (or of the strongest match) found
    reason: str = ""
    matches: tuple[Match, ...] = field(default=())

    @property
    def stored(self) -> str:
        """The short code posts and chat messages keep: "personal", "clinical" or ""."""
        return STORED_LEVEL[self.level]

    @property
    def is_personal(self) -> bool:
        return self.level == PERSONAL_CRISIS

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.matches]

    @property
    def phrase(self) -> str:
        """The phrase that decided the level (for a moderator; never shown back to the writer)."""
        for m in self.matches:
            if (m.attribution == "writer") == self.is_personal:
                return m.phrase
        return self.matches[0].phrase if self.matches else ""

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, "")


NONE = Finding(NO_CRISIS)

# --- normalising ------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+(?:['/&-][a-z0-9]+)*|[.,;!?]|[^\sa-z0-9'\"]")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{2,300})"')
_SINGLE_QUOTED = re.compile(r"(?<![\w])'(?=\w)([^\n]{2,300}?)(?<=[\w.!?])'(?![\w])")
_KEEP_S = frozenset(
    [
        "she",
        "he",
        "it",
        "what",
        "there",
        "that",
        "who",
        "let",
        "here",
        "where",
        "how",
        "everyone",
        "nobody",
        "somebody",
        "tonight",
        "today",
        "tomorrow",
        "life",
    ]
)
_PAIRS = {
    ("i", "am"): "i'm",
    ("i", "have"): "i've",
    ("i", "would"): "i'd",
    ("i", "will"): "i'll",
    ("i", "had"): "i'd",
    ("do", "not"): "don't",
    ("did", "not"): "didn't",
    ("can", "not"): "can't",
    ("could", "not"): "couldn't",
    ("will", "not"): "won't",
    ("is", "not"): "isn't",
    ("was", "not"): "wasn't",
    ("would", "not"): "wouldn't",
    ("have", "not"): "haven't",
    ("it", "is"): "it's",
    ("that", "is"): "that's",
    ("what", "is"): "what's",
    ("there", "is"): "there's",
    ("self", "harm"): "self-harm",
    ("self", "harming"): "self-harming",
    ("self", "harmed"): "self-harmed",
    ("my", "self"): "myself",
    ("multi", "storey"): "multi-storey",
    ("role", "play"): "role-play",
}
_HAVE = frozenset(["have", "had"])
_PUNCT_AS_COMMA = frozenset(":()[]–—-/*…")
_FUZZY_MIN = 5
# Real words one slip from a pattern word: never "corrected".
_REAL_WORDS = frozenset(
    [
        "though",
        "bride",
        "role",
        "bitter",
        "butter",
        "pulls",
        "polls",
        "tripped",
        "wound",
        "later",
        "latter",
        "litter",
        "dealt",
        "thinks",
        "things",
        "thing",
        "sleeps",
        "stopped",
        "killer",
        "skilled",
        "lifts",
        "tables",
        "cables",
        "doses",
        "closes",
        "roses",
        "ridge",
        "bridges",
        "letters",
        "setting",
        "letting",
        "leading",
        "reading",
        "ending",
        "sending",
        "bending",
        "lending",
        "tending",
        "mending",
        "feeling",
        "peeling",
        "wanted",
        "planned",
        "plant",
        "plants",
        "planet",
        "hanging",
        "banging",
        "ranging",
        "changing",
        "hoping",
        "coping",
        "moping",
        "loping",
        "hopes",
        "copes",
        "mopes",
        "trapped",
        "wrapped",
        "strapped",
        "scrapped",
        "cutting",
        "putting",
        "gutting",
        "rutting",
        "nutting",
        "burning",
        "turning",
        "learning",
        "earning",
        "yearning",
        "scratching",
        "hatching",
        "matching",
        "catching",
        "watching",
        "patching",
        "latching",
        "batching",
        "tired",
        "tried",
        "died",
        "dyed",
        "lied",
        "tied",
    ]
)


_REAL_WORDS = _REAL_WORDS | frozenset(["sitting", "heard", "hearing", "teenage", "prepare", "three", "these"])


@dataclass(frozen=True)
class _Lexicon:
    rewrites: dict[str, str]
    vocabulary: frozenset[str]
    deletes: dict[str, str]


def _one_deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    sections = read_sections(PHRASES_FILE)
    rewrites: dict[str, str] = {}
    for name in ("spelling", "text-speak"):
        for line in sections.get(name, []):
            word, _, replacement = line.partition(" ")
            rewrites[word] = replacement.strip()
    vocabulary: set[str] = set()
    for name in CATEGORIES + ("means", "clinical", "about someone else", "groups", "work context", "speech"):
        for line in sections.get(name, []):
            vocabulary.update(w for w in re.findall(r"[a-z][a-z'-]+", line) if len(w) >= _FUZZY_MIN)
    deletes: dict[str, str] = {}
    for word in sorted(vocabulary):
        for deleted in _one_deletes(word):
            deletes.setdefault(deleted, word)
    return _Lexicon(rewrites, frozenset(vocabulary), deletes)


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    """A token, its rewrite ("kms" -> "kill myself"), or the pattern word one slip away."""
    lexicon = _lexicon()
    if token in lexicon.rewrites:
        return lexicon.rewrites[token]
    if len(token) < _FUZZY_MIN or token in lexicon.vocabulary or token in _REAL_WORDS or not token.isalpha():
        return token
    if token.endswith("in") and token + "g" in lexicon.vocabulary:  # "thinkin", "cuttin", "endin"
        return token + "g"
    if token in lexicon.deletes:  # a letter missing: "sucidal", "thinkng"
        return lexicon.deletes[token]
    for k in range(len(token) - 1):
        swapped = token[:k] + token[k + 1] + token[k] + token[k + 2 :]  # two letters swapped: "myslef"
        if swapped in lexicon.vocabulary:
            return swapped
        if token[k] == token[k + 1] and token[:k] + token[k + 1 :] in lexicon.vocabulary:  # "compleetly"
            return token[:k] + token[k + 1 :]
    return token


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for raw in _TOKEN.findall(text):
        if raw in _PUNCT_AS_COMMA:
            out.append(",")
            continue
        if raw.endswith("'s") and raw[:-2] not in _KEEP_S and len(raw) > 3:
            out.extend(_correct(raw[:-2]).split())
            out.append("'s")
            continue
        out.extend(_correct(raw).split())
    merged: list[str] = []
    for index, token in enumerate(out):
        if token in _HAVE and index + 1 < len(out) and out[index + 1] == "to":
            merged.append(token)  # "i have to" stays: it is not "i've"
        elif merged and (merged[-1], token) in _PAIRS:
            merged[-1] = _PAIRS[(merged[-1], token)]
        else:
            merged.append(token)
    return merged


def normalise_for_crisis(text: str) -> tuple[str, list[str]]:
    """Lower-cased, respelled text with quoted speech taken out, and the quoted parts."""
    text = (text or "")[:CHECK_MAX_CHARS].lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    quotes: list[str] = []

    def unquote(match: re.Match) -> str:
        quotes.append(match.group(1))
        return " , someone's words , "

    text = _DOUBLE_QUOTED.sub(unquote, text)
    text = _SINGLE_QUOTED.sub(unquote, text)
    text = re.sub(r"\n+", " . ", text)
    return " " + " ".join(_tokens(text)) + " ", quotes


# --- the patterns -----------------------------------------------------------------------------

_SENTENCE_END = frozenset(".!?;")
_CLAUSE_END = frozenset([",", "but", "and", "so", "because", "though", "then", "however", "although"])
_WRITER = frozenset(["i", "i'm", "i've", "i'd", "i'll", "me", "myself", "my"])
_PREPOSITIONS = frozenset(["to", "for", "with", "at", "about", "from", "of", "by", "on", "like"])
_HOPE_WORDS = frozenset(["reason", "reasons", "point", "future", "hope", "way", "live", "living"])
_OBJECT_PRONOUNS = frozenset(["him", "her", "them", "his", "their"])
_DETERMINERS = frozenset(["my", "her", "his", "their", "our", "the", "a", "your"])
_WRITER_SUBJECT = frozenset(["i", "i'm", "i've", "i'd", "i'll"])
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|new year's eve|christmas"
_TIME = (
    rf"(?:{_DAYS}|tonight|tomorrow|this weekend|next week|midnight|(?:at|by) \d+(?: ?[ap]m)?|"
    r"on the \d+(?:st|nd|rd|th)|the \d+(?:st|nd|rd|th))"
)


_GAP2 = r"(?:(?!(?:not|never|no|don't|didn't|haven't|used|won't|isn't|wasn't)(?![^ ]))[^ ]+ ){0,2}?"


def _expand(line: str, means: str) -> str:
    line = line.replace("{I}", "(?:i|i'm|i've|i'd|i'll)")
    line = line.replace("{MEANS}", f"(?:{means})").replace("{TIME}", _TIME).replace("{DAY}", f"(?:{_DAYS})")
    line = line.replace("{GAP2}", _GAP2)
    line = line.replace(" ~~ ", " (?:[^ .!?;]+ ){0,10}").replace(" ~ ", " (?:[^ .,!?;]+ ){0,4}")
    # A leading space (every token follows one) lets the regex engine jump from space to space.
    return r" (?:" + line + r")(?![^ ])"


_GATE_STOP = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "my",
        "me",
        "the",
        "a",
        "an",
        "to",
        "of",
        "and",
        "in",
        "on",
        "it",
        "is",
        "be",
        "for",
        "at",
        "or",
        "as",
        "if",
    ]
)
_GATE_WORD = re.compile(r"(?<![\\a-z])[a-z][a-z'-]*")


def _gate_words(source: str, stop: frozenset[str] = _GATE_STOP, shortest: int = 2) -> frozenset[str]:
    """The literal words of a pattern: a text with none of them (as a word or a word's start) cannot match."""
    if "\\d" in source or "[" in source.replace("[^ ", "").replace("[^ .", ""):
        return frozenset()  # digits or letter classes: no fixed word to look for
    words = set()
    for m in _GATE_WORD.finditer(source):
        word = m.group(0)
        if source[m.end() : m.end() + 1] == "?" and source[m.end() - 1 : m.end()] != ")":
            word = word[:-1]  # "hips?" also matches "hip"
        if len(word) >= shortest and word not in stop:
            words.add(word)
    return frozenset(words)


def _prefixes(tokens: list[str]) -> set[str]:
    return {token[:n] for token in set(tokens) for n in range(1, len(token) + 1)}


@dataclass(frozen=True)
class _Patterns:
    by_category: tuple[tuple[str, tuple[tuple[re.Pattern, frozenset[str]], ...]], ...]
    combinations: tuple[tuple[str, tuple[str, ...]], ...]
    groups: dict[str, tuple[re.Pattern, frozenset[str]]]
    work_context: re.Pattern
    clinical: re.Pattern
    figures: re.Pattern
    serious: re.Pattern
    recovery: re.Pattern
    quoted_contexts: re.Pattern
    negations: frozenset[str]
    hedges: tuple[tuple[str, ...], ...]
    someone_else: frozenset[str]
    speech: tuple[tuple[str, ...], ...]


def _alternation(lines: list[str]) -> re.Pattern:
    if not lines:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![^ ])(?:" + "|".join(lines) + r")(?![^ ])")


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    sections = read_sections(PHRASES_FILE)
    means = "|".join(re.escape(m) for m in sorted(sections.get("means", []), key=len, reverse=True))
    by_category = tuple(
        (
            name,
            tuple(
                (re.compile(source), _gate_words(source))
                for source in (_expand(line, means) for line in sections.get(name, []))
            ),
        )
        for name in CATEGORIES
    )
    literal = [re.escape(line) for line in sections.get("clinical", [])]
    groups = {}
    for line in sections.get("groups", []):
        name, _, alternation = line.partition("=")
        source = r" (?:" + alternation.strip() + r")(?![^ ])"
        groups[name.strip()] = (re.compile(source), _gate_words(source, frozenset(), 1))
    combinations = []
    for line in sections.get("combinations", []):
        category, _, names = line.partition(":")
        combinations.append((category.strip(), tuple(names.split())))
    return _Patterns(
        by_category=by_category,
        combinations=tuple(combinations),
        groups=groups,
        work_context=_alternation([re.escape(x) for x in sections.get("work context", [])]),
        clinical=_alternation(literal),
        figures=_alternation(
            [re.escape(x) for x in sections.get("figures of speech", [])]
            + [
                r"rather .* than(?! (?:feel|feeling|live|living|go on|carry on|keep|be like this|exist|be alive|wake up|be here))",
                r"if (?:i|i'm|i've|i'd|i'll) (?:have to|hear|see|get|read|do) .*(?:one more|another)",
            ]
        ),
        serious=_alternation([re.escape(x) for x in sections.get("serious", [])]),
        recovery=_alternation([re.escape(x) for x in sections.get("recovery", [])]),
        quoted_contexts=_alternation([re.escape(x) for x in sections.get("quoted contexts", [])]),
        negations=frozenset(w for w in sections.get("negation", []) if " " not in w),
        hedges=tuple(
            tuple(h.split()) for h in sections.get("hedges", []) + sections.get("negation", []) if " " in h
        ),
        someone_else=frozenset(sections.get("about someone else", [])),
        speech=tuple(tuple(s.split()) for s in sections.get("speech", [])),
    )


# --- attribution and negation -----------------------------------------------------------------


def _starts_with(tokens: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(tokens[i : i + len(phrase)]) == phrase


def _negated(tokens: list[str], start: int, p: _Patterns) -> bool:
    """A denial shortly before the phrase, in the same clause: "i'm not suicidal"."""
    return _negator_at(tokens, start, p) >= 0


def _negator_at(tokens: list[str], start: int, p: _Patterns) -> int:
    """Where that denial is (a token index), or -1."""
    i = start - 1
    seen = 0
    while i >= 0 and seen < 7 and tokens[i] not in _SENTENCE_END and tokens[i] not in (",", "but"):
        hedge = next((h for h in p.hedges if h[0] == tokens[i] and _starts_with(tokens, i, h)), None)
        if hedge is not None:
            return i if hedge in (("no", "longer"), ("used", "to")) else -1
        if tokens[i] in p.negations:
            return i
        i -= 1
        seen += 1
    return -1


def _speaker_before(tokens: list[str], start: int, p: _Patterns) -> str:
    """Who the clause is about: "writer", "someone else" or "" when it says no subject."""
    i = start - 1
    while i >= 0 and tokens[i] not in _SENTENCE_END:
        token = tokens[i]
        if token in _WRITER_SUBJECT:
            return "writer"
        if token in p.someone_else and token not in _OBJECT_PRONOUNS:
            if i >= 2 and tokens[i - 1] in _DETERMINERS and tokens[i - 2] not in _CLAUSE_END | _SENTENCE_END:
                i -= 2  # an object ("i've told my sister"), not the subject
                continue
            if i >= 1 and tokens[i - 1] in _PREPOSITIONS:
                i -= 2  # "letters to people", "for my kids"
                continue
            return "someone else"
        i -= 1
    return ""


def _reported(tokens: list[str], start: int, p: _Patterns) -> bool:
    """The phrase is inside someone else's reported words: "my client told me she wants to die"."""
    i = start - 1
    while i >= 0 and tokens[i] not in _SENTENCE_END:
        for verb in p.speech:
            if tokens[i] == verb[0] and _starts_with(tokens, i, verb):
                before = tokens[max(0, i - 6) : i]
                if any(t in p.someone_else for t in before) and not _writer_speaks_again(
                    tokens, i + len(verb), start
                ):
                    return True
        i -= 1
    return False


def _writer_speaks_again(tokens: list[str], after: int, start: int) -> bool:
    for j in range(after + 1, start):
        if tokens[j] in _WRITER_SUBJECT and tokens[j - 1] in _CLAUSE_END | {"now", "and"}:
            return True
    return False


def _sentence_bounds(tokens: list[str], index: int) -> tuple[int, int]:
    start = index
    while start > 0 and tokens[start - 1] not in _SENTENCE_END:
        start -= 1
    end = index
    while end < len(tokens) and tokens[end] not in _SENTENCE_END:
        end += 1
    return start, end


def _sentence_about_someone_else(tokens: list[str], start: int, end: int, p: _Patterns) -> bool:
    words = tokens[start:end]
    if any(t in _WRITER_SUBJECT for t in words):
        return False
    return any(t in p.someone_else for t in words)


def _attribute(
    text: str,
    tokens: list[str],
    offsets: list[int],
    m: re.Match,
    category: str,
    p: _Patterns,
    ignore_negation_within: tuple[tuple[int, int], ...] = (),
) -> str:
    first = _token_index(offsets, m.start())
    s_start, s_end = _sentence_bounds(tokens, first)
    sentence = " " + " ".join(tokens[s_start:s_end]) + " "
    negator = _negator_at(tokens, first, p)
    words = m.group(0).split()
    if category == "hopelessness" and _HOPE_WORDS.intersection(words):
        negator = -1  # "no longer see any reason to live": the denial is the hopelessness
    if negator >= 0 and not any(s <= offsets[negator] < e for s, e in ignore_negation_within):
        return "negated"
    if category not in ("plan", "preparatory", "intent") and p.recovery.search(sentence):
        return "negated"  # a crisis that is over
    if p.quoted_contexts.search(sentence) or "someone's words" in m.group(0):
        return "someone else"
    if category in _JOKEABLE and p.figures.search(sentence) and not p.serious.search(sentence):
        return "figure of speech"
    words = m.group(0).split()
    if _reported(tokens, first, p):
        return "someone else"
    speaker = _speaker_before(tokens, first, p)
    if any(w in _WRITER_SUBJECT for w in words[:2]):
        return "writer"
    if speaker == "someone else":
        # "she wants to kill myself" cannot be the writer; "nobody would miss me" can.
        near = tokens[max(s_start, first - 3) : first]
        if not any(w in _WRITER for w in words) or any(
            t in ("he", "she", "they", "he's", "she's", "they're") for t in near
        ):
            return "someone else"
        return "writer"
    if speaker == "writer":
        return "writer"
    if s_start > 0 and s_end - s_start <= 3 and not any(w in _WRITER for w in words):
        # A fragment with no subject ("Suicidal.") continues the sentence before it.
        p_start, _ = _sentence_bounds(tokens, s_start - 2) if s_start >= 2 else (0, 0)
        if _sentence_about_someone_else(tokens, p_start, s_start - 1, p):
            return "someone else"
    return "writer"


def _token_index(offsets: list[int], char: int) -> int:
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if offsets[mid] <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- the detector -----------------------------------------------------------------------------


def classify(*texts: str) -> Finding:
    """Whether the writer themselves may be in crisis (``personal_crisis``), the text talks
    about risk as part of the work (``clinical_risk_talk``), or neither (``none``)."""
    p = _patterns()
    personal: list[Match] = []
    other: list[Match] = []
    clinical = False
    for raw in texts:
        text, quotes = normalise_for_crisis(raw)
        if len(text) <= 2:
            continue
        tokens = text.split()
        offsets = []
        position = 1
        for token in tokens:
            offsets.append(position)
            position += len(token) + 1
        present = _prefixes(tokens)
        for category, patterns in p.by_category:
            for pattern, words in patterns:
                if words and words.isdisjoint(present):
                    continue
                for raw_match in pattern.finditer(text):
                    m = _Shifted(raw_match, 0, lead=1)
                    who = _attribute(text, tokens, offsets, m, category, p)
                    found = Match(category, m.group(0).strip(), m.start(), m.end(), who)
                    (personal if who == "writer" else other).append(found)
        if not personal:
            personal_combo, other_combo = _combinations(text, tokens, offsets, p, present)
            personal.extend(personal_combo)
            other.extend(other_combo)
        if p.clinical.search(text) or any(
            p.clinical.search(normalise_for_crisis(q)[0]) or _has_any(q, p) for q in quotes
        ):
            clinical = True
    if personal:
        personal.sort(key=lambda m: m.start)
        timed = p.groups.get("TIME")
        if timed and any(m.category in ("ideation", "intent") for m in personal):
            # Intent with a time or a day is a plan: "on Friday night when the flat is empty".
            first = next(m for m in personal if m.category in ("ideation", "intent"))
            for raw in texts:
                text, _ = normalise_for_crisis(raw)
                if timed[0].search(text):
                    personal.append(Match("plan", first.phrase, first.start, first.end, "writer"))
                    break
        category = _strongest(personal)
        return Finding(
            PERSONAL_CRISIS,
            category,
            f"The writer's own words suggest {CATEGORY_LABELS[category]}.",
            tuple(personal + other),
        )
    risky = [m for m in other if m.attribution != "figure of speech"]
    if risky or clinical:
        category = risky[0].category if risky else ""
        if risky and risky[0].attribution == "negated":
            reason = "Crisis words, but the writer says it is not so."
        elif risky:
            reason = "Risk language about someone else (a client, a quote, another person)."
        else:
            reason = "Talk about risk as part of the work."
        return Finding(CLINICAL_RISK_TALK, category, reason, tuple(other))
    if other:
        return Finding(NO_CRISIS, "", "A figure of speech.", tuple(other))
    return NONE


_REFLEXIVE = re.compile(
    r"(?<![^ ])(?:myself|my own|for me|about me|about myself|"
    r"my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|head|body|hips|chest|face))(?![^ ])"
)


def _combinations(
    text: str, tokens: list[str], offsets: list[int], p: _Patterns, present: set[str]
) -> tuple[list[Match], list[Match]]:
    """Words of a crisis that belong together in one sentence but not in one phrase."""
    live = {name for name, (_, words) in p.groups.items() if not words or not words.isdisjoint(present)}
    personal: list[Match] = []
    other: list[Match] = []
    windows: list[tuple[int, str]] = []
    position = 0
    previous: tuple[int, str] | None = None
    for sentence_text in re.split(r"(?<= [.!?;]) ", text):
        windows.append((position, sentence_text))
        # Clipped fragments ("Sunday. The woods. Rope's in the car.") belong together.
        if previous and len(previous[1].split()) <= 9 and len(sentence_text.split()) <= 9:
            windows.append((previous[0], previous[1] + " " + sentence_text))
        previous = (position, sentence_text)
        position += len(sentence_text) + 1
    for base, sentence_text in windows:
        if len(sentence_text.split()) < 2:
            continue
        padded = sentence_text if sentence_text.startswith(" ") else " " + sentence_text
        shift = base - (0 if sentence_text.startswith(" ") else 1)
        work = p.work_context.search(padded) and not _REFLEXIVE.search(padded)
        cache: dict[str, list[re.Match]] = {}
        for category, names in p.combinations:
            if not live.issuperset(names):
                continue
            found: list[re.Match] = []
            for name in names:
                if name not in cache:
                    cache[name] = list(p.groups[name][0].finditer(padded))
                m = next(
                    (
                        m
                        for m in cache[name]
                        if name == "SELFREF"
                        or all(m.end() <= f.start() or m.start() >= f.end() for f in found)
                    ),
                    None,
                )
                if not m:
                    break
                found.append(m)
            else:
                ordered = sorted(zip(found, names, strict=True), key=lambda pair: pair[0].start())
                spans = [m for m, _ in ordered]
                ordered_names = [n for _, n in ordered]
                verdicts = []
                within = tuple((m.start() + shift + 1, m.end() + shift) for m in spans)
                for m in spans:
                    fake = _Shifted(m, shift, lead=1)
                    verdicts.append(_attribute(text, tokens, offsets, fake, category, p, within))
                start, end = spans[0].start() + shift + 1, max(m.end() for m in spans) + shift
                phrase = " … ".join(m.group(0).strip() for m in spans)
                if "negated" in verdicts:
                    who = "negated"
                elif (
                    next(  # whoever the first telling word is about ("i" alone tells nothing)
                        (v for v, n in zip(verdicts, ordered_names, strict=True) if n != "SELFREF"),
                        verdicts[0],
                    )
                    == "someone else"
                ):
                    who = "someone else"
                elif "figure of speech" in verdicts:
                    who = "figure of speech"
                elif work:
                    who = "someone else"
                else:
                    who = "writer"
                (personal if who == "writer" else other).append(Match(category, phrase, start, end, who))
    return personal, other


class _Shifted:
    """A sub-match seen at its place in the whole normalised text."""

    def __init__(self, m: re.Match, shift: int, lead: int = 0):
        self._m, self._shift, self._lead = m, shift, lead

    def start(self) -> int:
        return self._m.start() + self._shift + self._lead

    def end(self) -> int:
        return self._m.end() + self._shift

    def group(self, n: int = 0) -> str:
        return self._m.group(n)


def _has_any(quote: str, p: _Patterns) -> bool:
    text, _ = normalise_for_crisis(quote)
    return any(pattern.search(text) for _, patterns in p.by_category for pattern, _ in patterns)


_SEVERITY = (
    "plan",
    "intent",
    "preparatory",
    "method",
    "ideation",
    "self_harm_act",
    "wish_to_be_dead",
    "hopelessness",
)


def _strongest(matches: list[Match]) -> str:
    found = {m.category for m in matches}
    return next(c for c in _SEVERITY if c in found)


def classify_crisis(*texts: str) -> str:
    """The stored code for the given texts: ``CRISIS_PERSONAL``, ``CRISIS_CLINICAL`` or ""."""
    return classify(*texts).stored


def is_personal_crisis(*texts: str) -> bool:
    """Whether to show the writer where help is, at once."""
    return classify(*texts).is_personal


RESOURCE_FIELDS = ("name", "detail", "phone", "hours", "url")
SAFE_URL_PREFIXES = ("https://", "http://", "tel:")


def _resource(item: dict[str, Any]) -> dict[str, str]:
    resource = {key: str(item.get(key) or "").strip() for key in RESOURCE_FIELDS}
    resource["detail"] = resource["detail"] or str(item.get("description") or "").strip()
    if not resource["url"].startswith(SAFE_URL_PREFIXES):
        resource["url"] = ""
    return resource


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("resources", []), list):
        raise ValueError("expected an object with a 'resources' list")
    return {
        "heading": str(data.get("heading") or "You don't have to carry this alone"),
        "intro": str(data.get("intro") or ""),
        "resources": [
            _resource(r) for r in data.get("resources", []) if isinstance(r, dict) and r.get("name")
        ],
        "configured": True,
    }


@lru_cache(maxsize=4)
def _load_resources(path: str) -> dict[str, Any]:
    try:
        return _read(Path(path))
    except (OSError, ValueError):
        # The path is configuration, never user text, so it is safe to log.
        logger.warning("CRISIS_RESOURCES_FILE %s could not be read; using the default resources", path)
        return {**_read(DEFAULT_RESOURCES_FILE), "configured": False}


def crisis_resources() -> dict[str, Any]:
    """This deployment's crisis resources: {"heading", "intro", "configured", "resources": [...]}."""
    return _load_resources(getattr(settings, "CRISIS_RESOURCES_FILE", "") or str(DEFAULT_RESOURCES_FILE))
