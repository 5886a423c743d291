"""`make run` started in the background (nohup, a script, CI) keeps serving.

A background job starts with SIGINT ignored; make then never installs a SIGINT handler, and
`serve` must not read that as make shutting down.
"""

import os
import signal
import subprocess
import time

from zenora.management.commands.serve import SIGINT_BIT, SIGTERM_BIT, caught_signals, parent_is_stopping
from zenora.tests.test_modes import ROOT, _alive, _embedded_env, _free_port, _get, _wait_for_descendants


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_make_run_started_in_the_background_keeps_serving_until_sigterm(tmp_path):
    port = _free_port()
    env = _embedded_env(tmp_path, port)
    log = (tmp_path / "nohup.out").open("wb")
    make = subprocess.Popen(
        ["nohup", "make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # setsid: no terminal, as under a script or CI
        preexec_fn=_ignore_sigint,  # what a shell does to a job started with `&`
    )
    try:
        status, _ = _get(f"http://127.0.0.1:{port}/healthz", timeout=120)
        assert status == 200
        children = _wait_for_descendants(make.pid, 4)
        assert len(children) >= 4
        # It used to print "Zenora is running" and stop at once: keep asking for a while.
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            status, _ = _get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            assert status == 200
            assert make.poll() is None
            time.sleep(0.5)
        assert all(_alive(child) for child in children)
        make.send_signal(signal.SIGTERM)
        make.wait(timeout=40)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
        log.close()
    assert [child.pid for child in children if _alive(child)] == []
    assert "Zenora is running" in (tmp_path / "nohup.out").read_text()


def test_only_signals_the_parent_caught_at_first_are_watched(monkeypatch):
    """A parent that ignored SIGINT from the start is not stopping; one that drops SIGTERM is."""
    me = os.getpid()
    monkeypatch.setattr(os, "getppid", lambda: me)
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        watched = caught_signals(me) & (SIGINT_BIT | SIGTERM_BIT)
        assert watched == SIGTERM_BIT
        assert not parent_is_stopping(me, watched)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # what make does once a signal reaches it
        assert parent_is_stopping(me, watched)
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)
