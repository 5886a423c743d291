"""The scale-out run, small: nginx, two daphnes, two workers; one daphne killed mid-run.

The same script as `bench/scaleout.py` at a few clients for a few seconds, and the connections
bench at a few dozen requests; each must leave no database and no Redis key behind.
"""

from tests.bench_runs import assert_nothing_left, run_bench


def test_clients_reconnect_through_nginx_when_a_daphne_dies_and_nothing_is_lost():
    result, pid = run_bench(
        "scaleout.py",
        env={
            "BENCH_CLIENTS": "20",
            "BENCH_SECONDS": "8",
            "BENCH_DRAIN": "10",
            "BENCH_PAGE_CLIENTS": "2",
            "BENCH_TASKS": "6",
        },
    )
    assert result["messages"] > 0
    assert result["lost"] == 0
    assert result["duplicated"] == 0
    assert result["reconnected"] >= 1  # the killed daphne's clients came back through nginx
    assert result["survivor_alive"] is True
    assert result["page_loads"] > 0
    assert result["page_errors"] == 0, result["page_error_kinds"]
    assert sum(result["tasks_done_by_worker"].values()) == 6
    assert len(result["tasks_done_by_worker"]) == 2  # both workers answer on the shared broker
    assert result["peak_db_connections_web"] <= 2 * result["pool_size_per_daphne"]
    assert_nothing_left("scaleout", pid)


def test_one_daphne_holds_no_more_connections_than_its_pool():
    result, pid = run_bench("connections.py", env={"BENCH_REQUESTS": "80", "BENCH_CONCURRENCY": "10"})
    assert result["pool_errors"] == 0
    assert 1 <= result["pool_peak_connections"] <= result["pool_size"]
    assert result["pool_idle_after"] <= result["pool_size"]
    assert_nothing_left("connections", pid)
