"""Reads course, exercise and library files from ``learning/content`` into plain data.

Parsing is separate from writing: every file is read and checked first, and only when all of
them are sound does ``learning.services.content_load`` write anything, in one transaction.
Each problem names its file and line, so a typo in front matter is quick to find.

Layout::

    content/courses/<course>/course.md          front matter: title, summary, audience, position, tags
    content/courses/<course>/<nn>-<lesson>.md   front matter: title, summary, reading_minutes, tags,
                                                reflection, suggests_goal, check; body: the lesson
    content/exercises/<nn>-<exercise>.md        front matter: title, kind, summary, minutes, rounds, steps, tags
    content/resources/<nn>-<resource>.md        front matter: title, kind, summary, url, tags; body: article
"""

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from learning.themes import THEMES

CONTENT_ROOT = Path(__file__).resolve().parent / "content"
WORDS_PER_MINUTE = 200
_NUMBERED_FILE = re.compile(r"^(?P<position>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BREATH_MOTIONS = ("in", "hold", "out", "rest")


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}, line {self.line}: {self.message}"


class ContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class ChoiceData:
    text: str
    is_correct: bool
    feedback: str


@dataclass
class QuestionData:
    prompt: str
    choices: list[ChoiceData]


@dataclass
class LessonData:
    slug: str
    position: int
    title: str
    summary: str
    body: str
    reading_minutes: int
    reflection_question: str
    suggests_goal: bool
    tags: list[str]
    questions: list[QuestionData]
    source_path: str
    source_hash: str


@dataclass
class CourseData:
    slug: str
    title: str
    summary: str
    audience: str
    position: int
    tags: list[str]
    source_path: str
    source_hash: str
    lessons: list[LessonData] = field(default_factory=list)


@dataclass
class ExerciseData:
    slug: str
    position: int
    title: str
    kind: str
    summary: str
    body: str
    minutes: int
    rounds: int
    steps: list[dict[str, Any]]
    tags: list[str]
    source_path: str
    source_hash: str


@dataclass
class ResourceData:
    slug: str
    position: int
    title: str
    kind: str
    summary: str
    url: str
    body: str
    reading_minutes: int
    tags: list[str]
    source_path: str
    source_hash: str


@dataclass
class ContentBundle:
    courses: list[CourseData]
    exercises: list[ExerciseData]
    resources: list[ResourceData]


class _FileReader:
    """Parses one file's front matter and collects its problems with line numbers."""

    def __init__(self, path: Path, root: Path, errors: list[ContentError]):
        self.path = path
        self.name = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
        self.errors = errors
        self.raw = path.read_bytes()
        self.hash = hashlib.sha256(self.raw).hexdigest()
        self.text = ""
        self.meta: dict[str, Any] = {}
        self.body = ""

    def parse(self) -> bool:
        try:
            self.text = self.raw.decode("utf-8")
        except UnicodeDecodeError as error:
            self.error(1, f"is not UTF-8 text ({error.reason}).")
            return False
        if not self.text.startswith("---"):
            self.error(1, "has no front matter: start the file with a line of three dashes.")
            return False
        try:
            post = frontmatter.loads(self.text)
        except yaml.YAMLError as error:
            # An unclosed bracket or quote is reported where it was opened, which is where the
            # fix goes; other problems where they were found. The YAML handed to the parser
            # begins with the opening dashes' line ending, so its line 0 is the file's line 1.
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            context = getattr(error, "context", None)
            detail = f"{problem} ({context})" if context else problem
            self.error(line, f"front matter is not valid YAML: {detail}.")
            return False
        except (ValueError, TypeError, AttributeError) as error:
            self.error(1, f"front matter could not be read: {error}.")
            return False
        if not isinstance(post.metadata, dict):
            self.error(2, "front matter must be a set of 'key: value' lines.")
            return False
        self.meta = post.metadata
        self.body = post.content.strip()
        return True

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.name, line, message))

    def line_of(self, key: str) -> int:
        pattern = re.compile(rf"^\s*-?\s*{re.escape(key)}\s*:")
        for number, line in enumerate(self.text.splitlines(), start=1):
            if pattern.match(line):
                return number
        return 1

    def text_field(self, key: str, *, required: bool = True, max_length: int = 200) -> str:
        value = self.meta.get(key)
        if value is None or value == "":
            if required:
                self.error(self.line_of(key) if key in self.meta else 1, f"'{key}' is missing.")
            return ""
        if not isinstance(value, str | int | float):
            self.error(self.line_of(key), f"'{key}' must be text.")
            return ""
        value = str(value).strip()
        if len(value) > max_length:
            self.error(self.line_of(key), f"'{key}' is longer than {max_length} characters.")
        return value

    def int_field(self, key: str, *, default: int, low: int, high: int) -> int:
        value = self.meta.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(self.line_of(key), f"'{key}' must be a whole number from {low} to {high}.")
            return default
        return value

    def choice_field(self, key: str, options: tuple[str, ...], *, default: str | None = None) -> str | None:
        value = self.meta.get(key, default)
        if value not in options:
            self.error(self.line_of(key), f"'{key}' must be one of: {', '.join(options)}.")
            return None
        return value

    def tags(self) -> list[str]:
        value = self.meta.get("tags", [])
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            self.error(self.line_of("tags"), "'tags' must be a list of theme slugs.")
            return []
        unknown = [tag for tag in value if tag not in THEMES]
        if unknown:
            self.error(
                self.line_of("tags"),
                f"unknown theme {', '.join(repr(t) for t in unknown)}; use one of: {', '.join(THEMES)}.",
            )
        return [tag for tag in dict.fromkeys(value) if tag in THEMES]


def _reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def _numbered(reader: _FileReader) -> tuple[int, str] | None:
    match = _NUMBERED_FILE.match(reader.path.name)
    if not match:
        reader.error(1, "file name must look like '01-some-slug.md' (number, dash, lowercase words).")
        return None
    return int(match["position"]), match["slug"]


def _questions(reader: _FileReader) -> list[QuestionData]:
    raw = reader.meta.get("check", [])
    line = reader.line_of("check")
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        reader.error(line, "'check' must be a list of questions.")
        return []
    questions = []
    for q_number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            reader.error(line, f"check question {q_number} needs 'question' text.")
            continue
        choices_raw = item.get("choices")
        if not isinstance(choices_raw, list) or len(choices_raw) < 2:
            reader.error(line, f"check question {q_number} needs at least two 'choices'.")
            continue
        choices = []
        for c_number, choice in enumerate(choices_raw, start=1):
            if not (
                isinstance(choice, dict)
                and isinstance(choice.get("text"), str)
                and isinstance(choice.get("feedback"), str)
            ):
                reader.error(
                    line, f"check question {q_number}, choice {c_number} needs 'text' and 'feedback'."
                )
                continue
            choices.append(
                ChoiceData(
                    text=choice["text"].strip(),
                    is_correct=choice.get("correct") is True,
                    feedback=choice["feedback"].strip(),
                )
            )
        if sum(choice.is_correct for choice in choices) != 1:
            reader.error(
                line, f"check question {q_number} must have exactly one choice with 'correct: true'."
            )
            continue
        questions.append(QuestionData(prompt=item["question"].strip(), choices=choices))
    return questions


def _course(directory: Path, root: Path, errors: list[ContentError]) -> CourseData | None:
    index = directory / "course.md"
    if not index.exists():
        errors.append(ContentError(str(directory.relative_to(root.parent)), 1, "has no course.md."))
        return None
    reader = _FileReader(index, root, errors)
    if not _SLUG.match(directory.name):
        reader.error(1, "the course folder name must be lowercase words joined by dashes.")
    if not reader.parse():
        return None
    course = CourseData(
        slug=directory.name,
        title=reader.text_field("title"),
        summary=reader.text_field("summary", required=False, max_length=1000),
        audience=reader.choice_field("audience", ("everyone", "facilitators"), default="everyone") or "",
        position=reader.int_field("position", default=0, low=0, high=10_000),
        tags=reader.tags(),
        source_path=reader.name,
        source_hash=reader.hash,
    )
    for path in sorted(directory.glob("*.md")):
        if path.name != "course.md":
            lesson = _lesson(path, root, errors)
            if lesson is not None:
                course.lessons.append(lesson)
    slugs = [lesson.slug for lesson in course.lessons]
    for slug in {slug for slug in slugs if slugs.count(slug) > 1}:
        reader.error(1, f"two lessons share the slug '{slug}'.")
    return course


def _lesson(path: Path, root: Path, errors: list[ContentError]) -> LessonData | None:
    reader = _FileReader(path, root, errors)
    numbered = _numbered(reader)
    if not reader.parse() or numbered is None:
        return None
    if not reader.body:
        reader.error(1, "the lesson has no text after its front matter.")
    minutes = reader.meta.get("reading_minutes")
    return LessonData(
        slug=numbered[1],
        position=numbered[0],
        title=reader.text_field("title"),
        summary=reader.text_field("summary", required=False, max_length=1000),
        body=reader.body,
        reading_minutes=(
            reader.int_field("reading_minutes", default=5, low=1, high=120)
            if minutes is not None
            else _reading_minutes(reader.body)
        ),
        reflection_question=reader.text_field("reflection", required=False, max_length=1000),
        suggests_goal=reader.meta.get("suggests_goal") is True,
        tags=reader.tags(),
        questions=_questions(reader),
        source_path=reader.name,
        source_hash=reader.hash,
    )


def _breathing_steps(reader: _FileReader) -> list[dict[str, Any]]:
    raw = reader.meta.get("steps")
    line = reader.line_of("steps")
    if not isinstance(raw, list) or not raw:
        reader.error(line, "'steps' must list the phases, each with 'label', 'seconds' and 'motion'.")
        return []
    steps = []
    for number, step in enumerate(raw, start=1):
        seconds = step.get("seconds") if isinstance(step, dict) else None
        if (
            not isinstance(step, dict)
            or not isinstance(step.get("label"), str)
            or isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 1 <= seconds <= 10
            or step.get("motion") not in BREATH_MOTIONS
        ):
            reader.error(
                line,
                f"step {number} needs 'label', 'seconds' (1 to 10) and 'motion' ({', '.join(BREATH_MOTIONS)}).",
            )
            continue
        steps.append({"label": step["label"].strip(), "seconds": seconds, "motion": step["motion"]})
    return steps


def _grounding_steps(reader: _FileReader) -> list[dict[str, Any]]:
    raw = reader.meta.get("steps")
    line = reader.line_of("steps")
    if not isinstance(raw, list) or not raw:
        reader.error(line, "'steps' must list the steps, each with 'label' and 'detail'.")
        return []
    steps = []
    for number, step in enumerate(raw, start=1):
        if not isinstance(step, dict) or not isinstance(step.get("label"), str):
            reader.error(line, f"step {number} needs a 'label'.")
            continue
        steps.append({"label": step["label"].strip(), "detail": str(step.get("detail", "")).strip()})
    return steps


def _exercise(path: Path, root: Path, errors: list[ContentError]) -> ExerciseData | None:
    reader = _FileReader(path, root, errors)
    numbered = _numbered(reader)
    if not reader.parse() or numbered is None:
        return None
    kind = reader.choice_field("kind", ("breathing", "grounding"))
    if kind is None:
        return None  # the steps' shape depends on the kind: nothing more to check
    steps = _breathing_steps(reader) if kind == "breathing" else _grounding_steps(reader)
    return ExerciseData(
        slug=numbered[1],
        position=numbered[0],
        title=reader.text_field("title"),
        kind=kind,
        summary=reader.text_field("summary", required=False, max_length=1000),
        body=reader.body,
        minutes=reader.int_field("minutes", default=2, low=1, high=60),
        rounds=reader.int_field("rounds", default=4, low=1, high=30),
        steps=steps,
        tags=reader.tags(),
        source_path=reader.name,
        source_hash=reader.hash,
    )


def _resource(path: Path, root: Path, errors: list[ContentError]) -> ResourceData | None:
    reader = _FileReader(path, root, errors)
    numbered = _numbered(reader)
    if not reader.parse() or numbered is None:
        return None
    kind = reader.choice_field("kind", ("article", "link"), default="article") or "article"
    url = reader.text_field("url", required=kind == "link", max_length=500)
    if url and not url.startswith(("https://", "http://")):
        reader.error(reader.line_of("url"), "'url' must start with https:// or http://.")
    if kind == "article" and not reader.body:
        reader.error(1, "an article needs text after its front matter.")
    return ResourceData(
        slug=numbered[1],
        position=numbered[0],
        title=reader.text_field("title"),
        kind=kind,
        summary=reader.text_field("summary", required=False, max_length=1000),
        url=url,
        body=reader.body,
        reading_minutes=_reading_minutes(reader.body),
        tags=reader.tags(),
        source_path=reader.name,
        source_hash=reader.hash,
    )


def read_content(root: Path = CONTENT_ROOT) -> ContentBundle:
    """Every course, exercise and resource under ``root``; raises ContentInvalid listing all problems."""
    errors: list[ContentError] = []
    courses = [
        course
        for directory in sorted((root / "courses").glob("*"))
        if directory.is_dir() and (course := _course(directory, root, errors)) is not None
    ]
    exercises = [
        exercise
        for path in sorted((root / "exercises").glob("*.md"))
        if (exercise := _exercise(path, root, errors)) is not None
    ]
    resources = [
        resource
        for path in sorted((root / "resources").glob("*.md"))
        if (resource := _resource(path, root, errors)) is not None
    ]
    for kind, items in (("exercise", exercises), ("resource", resources)):
        slugs = [item.slug for item in items]
        for slug in sorted({slug for slug in slugs if slugs.count(slug) > 1}):
            errors.append(ContentError(f"{root.name}/{kind}s", 1, f"two {kind}s share the slug '{slug}'."))
    if errors:
        raise ContentInvalid(errors)
    return ContentBundle(courses=courses, exercises=exercises, resources=resources)
