"""Theme slugs shared with insights, so a suggestion can point at the right lesson or exercise."""

THEMES: dict[str, str] = {
    "exhaustion": "Exhaustion",
    "hypervigilance": "Hypervigilance",
    "numbness": "Numbness",
    "hopelessness": "Hopelessness",
    "intrusive-thoughts": "Intrusive thoughts",
    "caseload": "Caseload",
    "client-crisis": "Client crisis",
    "death": "Death and loss",
    "conflict": "Conflict",
    "sleep": "Sleep",
    "home-life": "Home life",
    "rest": "Rest",
    "peers": "Peer support",
    "supervision": "Supervision",
    "meaning": "Meaning",
    "movement": "Movement",
    "nature": "Nature",
    "boundaries": "Boundaries",
    "grounding": "Grounding",
    "breathing": "Breathing",
}


def theme_label(slug: str) -> str:
    return THEMES.get(slug, slug.replace("-", " ").capitalize())
