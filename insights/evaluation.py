"""What the early warning's figures were measured on, so the insights page can say so plainly.

``bench/insights_eval.py --write-figures`` writes content/early_warning_evaluation.json from
its held-out seeds; the page shows one sentence from it. The figures come from simulated
people, never from anyone using Zenora.
"""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

FIGURES_FILE = Path(__file__).parent / "content" / "early_warning_evaluation.json"


@lru_cache(maxsize=1)
def measured() -> dict[str, Any] | None:
    try:
        return json.loads(FIGURES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe_cell(cell: dict[str, Any]) -> str:
    """A sweep cell's hard parts in words: "people who skip 40% of check-ins, shallow declines"."""
    parts = []
    if cell.get("missing"):
        parts.append(f"people who skip about {round(cell['missing'] * 100)}% of check-ins")
    if cell.get("burst") == 1.0:
        parts.append("a run of missed days in every decline")
    depth = cell.get("depth")
    if depth and depth[1] <= 1.2:
        parts.append(f"shallow declines ({depth[0]:g}–{depth[1]:g} points)")
    slide = cell.get("slide")
    if slide and slide[1] <= 14:
        parts.append(f"fast declines ({slide[0]}–{slide[1]} days)")
    elif slide and slide[0] >= 30:
        parts.append("slow declines")
    noise = cell.get("noise")
    if noise and noise[0] >= 0.8:
        parts.append("very changeable days")
    if cell.get("flat", 0) >= 0.5:
        parts.append("scores that barely vary")
    if cell.get("journal_people") == 0.0:
        parts.append("no journal")
    if cell.get("exposure_rises") is False:
        parts.append("no rise in trauma exposure")
    return ", ".join(parts) or "the base settings"


def measured_sentence() -> str:
    figures = measured()
    if not figures:
        return ""
    median, worst = figures["median_cell"], figures["worst_cell"]
    return (
        f"These levels were tested on simulated people, not on real clinicians: across "
        f"{figures['cells']} simulated groups the median group had {median['recall']:.0%} of declines "
        f"flagged, a median {median['median_lead_days']:g} days before their lowest point, with "
        f"{median['false_alarms_per_person_month']:.2f} false alarms a person-month; in the hardest group "
        f"({describe_cell(worst['cell'])}) {worst['recall']:.0%} were flagged, with "
        f"{worst['false_alarms_per_person_month']:.2f} false alarms a person-month."
    )
