"""The library of reflective prompts (journals/content/prompts.json), written for Zenora."""

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPTS_FILE = Path(__file__).parent / "content" / "prompts.json"
PROMPT_MAX_LENGTH = 500


@dataclass(frozen=True)
class Prompt:
    text: str
    group_slug: str
    group_name: str


@dataclass(frozen=True)
class PromptGroup:
    slug: str
    name: str
    prompts: tuple[Prompt, ...]


@lru_cache(maxsize=1)
def prompt_groups() -> tuple[PromptGroup, ...]:
    data = json.loads(PROMPTS_FILE.read_text(encoding="utf-8"))
    groups = []
    for group in data["groups"]:
        prompts = tuple(Prompt(text, group["slug"], group["name"]) for text in group["prompts"])
        groups.append(PromptGroup(slug=group["slug"], name=group["name"], prompts=prompts))
    return tuple(groups)


def all_prompts() -> list[Prompt]:
    return [prompt for group in prompt_groups() for prompt in group.prompts]


def prompt_group(slug: str) -> PromptGroup | None:
    return next((group for group in prompt_groups() if group.slug == slug), None)


def random_prompt(group_slug: str = "", *, exclude: str = "") -> Prompt:
    """A prompt at random, from one group if it exists, avoiding ``exclude`` when possible."""
    group = prompt_group(group_slug) if group_slug else None
    pool = list(group.prompts) if group else all_prompts()
    choices = [prompt for prompt in pool if prompt.text != exclude] or pool
    return random.choice(choices)
