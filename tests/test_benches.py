"""Every benchmark runs on a machine with only PostgreSQL and Redis up, prints one JSON line,
and leaves nothing behind: no database, no Redis key. Run here at a tiny size."""

import pytest

from tests.bench_runs import assert_nothing_left, run_bench

SMALL_RUNS = {
    "forum": ("forum.py", [], {"BENCH_SCALE": "0.02", "BENCH_RUNS": "2"}),
    "journal": ("journal.py", [], {"BENCH_ENTRIES": "20"}),
    "reminders": ("reminders.py", [], {"BENCH_USERS": "200"}),
    "insights": ("insights_eval.py", ["--db", "--users", "60", "--chunk", "25"], {}),
    "chat": ("chat.py", [], {"BENCH_CLIENTS": "10", "BENCH_SECONDS": "3", "BENCH_DRAIN": "2"}),
}


@pytest.mark.parametrize("name", SMALL_RUNS)
def test_bench_prints_one_json_line_and_leaves_nothing_behind(name):
    script, args, env = SMALL_RUNS[name]
    figures, pid = run_bench(script, *args, env=env)
    assert figures
    assert_nothing_left(name, pid)
