"""The early warning's figures on a small, fixed sweep of simulated people (bench/insights_eval.py),
journal text and all: pinned so a change to the rules or the lexicon cannot lower them unnoticed."""

import pytest

from bench import insights_eval

# Held-out sentences, one fixed seed, the base cell and the two sparsest cells; about ten seconds.
SEED, PEOPLE = 6, 24


@pytest.fixture(scope="module")
def small_sweep() -> dict:
    return insights_eval.evaluate(insights_eval.SMALL_SWEEP, (SEED,), PEOPLE, "held_out", processes=1)


def test_evaluation_worst_cell_figures_do_not_fall(small_sweep):
    worst = small_sweep["worst_cell"]
    # Measured: recall 0.333 (4 of 12 declines) at 0.079 false alarms a person-month, 8.5 days ahead.
    assert worst["recall"] >= 0.33
    assert worst["false_alarms_per_person_month"] <= 0.10
    assert worst["median_lead_days"] >= 5


def test_evaluation_median_cell_and_every_cell_keep_a_lead(small_sweep):
    assert small_sweep["median_cell"]["recall"] >= 0.58
    assert small_sweep["median_cell"]["min_cell_median_lead_days"] >= 5
    assert len(small_sweep["cells"]) == len(insights_eval.SMALL_SWEEP)


def test_evaluation_reads_the_journal_text_through_the_lexicon(small_sweep):
    # The signs reason comes from entries the lexicon read, not from numbers the simulation set.
    reliability = small_sweep["reason_reliability"]
    assert reliability["signs"]["near_low"] > reliability["signs"]["elsewhere"]
    assert insights_eval.entry_signals("Completely drained after the last client.")[1] == {"exhaustion": 1.5}
