#!/usr/bin/env python3
"""Validate the Zenora detection evaluation data (stdlib only).

Usage:  python3 tests/data/detection/check_data.py

Checks every line of the four JSONL files, prints counts per label and
category/kind for each half, and reports exact and near-duplicate texts
within and across files.  Exits 1 if anything is wrong.
"""

import collections
import difflib
import itertools
import json
import re
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

REGISTERS = {"formal", "tired", "text-speak", "typos", "run-on", "lowercase"}

CRISIS_CATEGORIES = {
    "personal_crisis": {
        "wish_to_be_dead",
        "ideation",
        "method",
        "intent",
        "plan",
        "preparatory",
        "self_harm_act",
        "hopelessness",
    },
    "clinical_risk_talk": {
        "client_disclosure",
        "risk_assessment",
        "training",
        "supervision",
        "grief_for_client",
        "statistics",
        "third_person",
        "negated",
    },
    "none": {"figure_of_speech", "ordinary"},
}

GUARD_KINDS = {
    "identifying": {
        "full_name",
        "initial_surname_context",
        "family_name_child",
        "name_with_appointment",
        "child_name_school",
        "name_with_age",
        "name_with_employer_or_unit",
        "date_of_birth",
        "address",
        "phone",
        "email",
        "record_number",
        "ssn",
        "nhs_number",
        "sin",
        "medicare",
        "lowercase_name",
    },
    "deidentified": {
        "demographic_description",
        "session_slot",
        "relationship_reference",
        "time_date",
        "place_no_person",
        "age_no_name",
        "clinical_score",
        "count_or_location",
        "theorist_author",
        "instrument_name",
        "colleague_role",
    },
}

FILES = {
    # file name: (family, half, name of the category field, label -> categories)
    "crisis_development.jsonl": ("crisis", "development", "category", CRISIS_CATEGORIES),
    "crisis_held_out.jsonl": ("crisis", "held_out", "category", CRISIS_CATEGORIES),
    "guard_development.jsonl": ("guard", "development", "kind", GUARD_KINDS),
    "guard_held_out.jsonl": ("guard", "held_out", "kind", GUARD_KINDS),
}

# Minimum totals across both halves, from the brief.
CRISIS_MIN_TOTAL = dict.fromkeys(CRISIS_CATEGORIES["personal_crisis"], 30)
CRISIS_MIN_TOTAL.update(dict.fromkeys(CRISIS_CATEGORIES["clinical_risk_talk"], 30))
CRISIS_MIN_TOTAL.update({"negated": 40, "client_disclosure": 40, "figure_of_speech": 40, "ordinary": 30})
MIN_PER_HALF = {
    "crisis": {"crisis_side": 150, "ordinary_side": 150},
    "guard": {"identifying": 75, "deidentified": 75},
}

NEAR_CHAR_RATIO = 0.90  # character-level similarity of normalised texts
NEAR_TOKEN_RATIO = 0.85  # token-level similarity (catches one-word swaps)

errors = []
warnings = []


def normalise(text):
    text = text.lower()
    text = "".join(ch if ch not in string.punctuation else " " for ch in text)
    return " ".join(text.split())


def digits(s):
    return [int(c) for c in s if c.isdigit()]


def nhs_ok(d):
    if len(d) != 10:
        return False
    check = 11 - sum(x * w for x, w in zip(d[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == d[9]


def luhn_ok(d):
    total = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def medicare_ok(d):
    # 10 digits (+ optional 1-digit IRN); first digit 2-6; 9th digit is the check.
    if len(d) not in (10, 11) or d[0] not in range(2, 7):
        return False
    return sum(x * w for x, w in zip(d[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True)) % 10 == d[8]


NUMBER_PATTERNS = {
    # kind: (regex that finds the candidate identifier, validator on its digits)
    "nhs_number": (re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{4}"), nhs_ok),
    "sin": (re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{3}"), lambda d: len(d) == 9 and luhn_ok(d)),
    "medicare": (re.compile(r"\d{4} ?\d{5} ?\d(?:\s*(?:/|irn|reference)\s*\d)?", re.I), medicare_ok),
}


def load():
    rows = []
    for name, (family, half, catfield, allowed) in FILES.items():
        path = HERE / name
        if not path.exists():
            errors.append(f"{name}: missing")
            continue
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: not UTF-8 ({exc})")
            continue
        for lineno, line in enumerate(content.split("\n"), 1):
            if line == "" and lineno == content.count("\n") + 1:
                continue  # trailing newline
            where = f"{name}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: bad JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"{where}: not an object")
                continue
            want = {"text", "label", catfield, "register"}
            if set(obj) != want:
                errors.append(f"{where}: fields {sorted(obj)} != {sorted(want)}")
                continue
            text, label, cat, reg = obj["text"], obj["label"], obj[catfield], obj["register"]
            if not isinstance(text, str) or not text.strip() or text != text.strip():
                errors.append(f"{where}: text empty or has surrounding whitespace")
                continue
            if label not in allowed:
                errors.append(f"{where}: label {label!r} not allowed")
                continue
            if cat not in allowed[label]:
                errors.append(f"{where}: {catfield} {cat!r} not allowed for {label!r}")
                continue
            if reg not in REGISTERS:
                errors.append(f"{where}: register {reg!r} not allowed")
                continue
            if reg == "lowercase" and text != text.lower():
                errors.append(f"{where}: register 'lowercase' but text has capitals")
            if cat in NUMBER_PATTERNS:
                pattern, ok = NUMBER_PATTERNS[cat]
                found = pattern.findall(text)
                if not found:
                    errors.append(f"{where}: {cat} sentence has no {cat}-shaped number")
                elif not any(ok(digits(f)) for f in found):
                    errors.append(f"{where}: {cat} {found} fails its check digit")
            rows.append(
                {
                    "file": name,
                    "line": lineno,
                    "family": family,
                    "half": half,
                    "label": label,
                    "cat": cat,
                    "register": reg,
                    "text": text,
                }
            )
    return rows


def print_counts(rows):
    for family in ("crisis", "guard"):
        fam = [r for r in rows if r["family"] == family]
        catname = "category" if family == "crisis" else "kind"
        counts = collections.Counter((r["label"], r["cat"], r["half"]) for r in fam)
        keys = sorted({(r["label"], r["cat"]) for r in fam})
        print(f"\n== {family} ==")
        print(f"{'label':<20} {catname:<28} {'dev':>5} {'held':>5} {'total':>6}")
        for label in sorted({k[0] for k in keys}):
            for lab, cat in keys:
                if lab != label:
                    continue
                d, h = counts[(lab, cat, "development")], counts[(lab, cat, "held_out")]
                print(f"{lab:<20} {cat:<28} {d:>5} {h:>5} {d + h:>6}")
                if abs(d - h) > 1:
                    errors.append(f"{family}: {lab}/{cat} split unevenly ({d} vs {h})")
                if family == "crisis" and d + h < CRISIS_MIN_TOTAL.get(cat, 0):
                    errors.append(f"crisis: {cat} has {d + h} < {CRISIS_MIN_TOTAL[cat]}")
            d = sum(v for (lab, _, half), v in counts.items() if lab == label and half == "development")
            h = sum(v for (lab, _, half), v in counts.items() if lab == label and half == "held_out")
            print(f"{label + ' (all)':<49} {d:>5} {h:>5} {d + h:>6}")
        per_half = collections.Counter()
        for r in fam:
            if family == "crisis":
                side = "crisis_side" if r["label"] == "personal_crisis" else "ordinary_side"
            else:
                side = r["label"]
            per_half[(side, r["half"])] += 1
        for side, minimum in MIN_PER_HALF[family].items():
            d, h = per_half[(side, "development")], per_half[(side, "held_out")]
            if family == "crisis":
                print(f"{side + ' (all)':<49} {d:>5} {h:>5} {d + h:>6}")
            for half, n in (("development", d), ("held_out", h)):
                if n < minimum:
                    errors.append(f"{family}: {side} in {half} is {n} < {minimum}")
        regs = collections.Counter((r["register"], r["half"]) for r in fam)
        print(
            "register: "
            + ", ".join(
                f"{reg} {regs[(reg, 'development')]}/{regs[(reg, 'held_out')]}" for reg in sorted(REGISTERS)
            )
            + "  (dev/held)"
        )


def check_duplicates(rows):
    seen = {}
    for r in rows:
        key = normalise(r["text"])
        if key in seen:
            o = seen[key]
            errors.append(f"duplicate: {r['file']}:{r['line']} == {o['file']}:{o['line']}: {r['text']!r}")
        else:
            seen[key] = r
    # Near-duplicates: compare within each family (crisis/guard), within and across halves.
    near = 0
    for family in ("crisis", "guard"):
        fam = [(r, normalise(r["text"])) for r in rows if r["family"] == family]
        for (a, na), (b, nb) in itertools.combinations(fam, 2):
            if na == nb:
                continue  # already reported as exact
            sm = difflib.SequenceMatcher(None, na, nb, autojunk=False)
            if sm.real_quick_ratio() < NEAR_CHAR_RATIO or sm.quick_ratio() < NEAR_CHAR_RATIO:
                char_hit = False
            else:
                char_hit = sm.ratio() >= NEAR_CHAR_RATIO
            ta, tb = na.split(), nb.split()
            tm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            tok_hit = (
                min(len(ta), len(tb)) >= 4
                and tm.quick_ratio() >= NEAR_TOKEN_RATIO
                and tm.ratio() >= NEAR_TOKEN_RATIO
            )
            if char_hit or tok_hit:
                near += 1
                errors.append(
                    f"near-duplicate: {a['file']}:{a['line']} ~ {b['file']}:{b['line']}:"
                    f" {a['text']!r} ~ {b['text']!r}"
                )
    return near


def main():
    rows = load()
    print_counts(rows)
    near = check_duplicates(rows)
    print(f"\n{len(rows)} sentences checked; {near} near-duplicate pair(s).")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    if errors:
        print(f"\n{len(errors)} problem(s).")
        return 1
    print("OK: no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
