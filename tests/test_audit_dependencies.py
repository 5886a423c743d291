"""make test's dependency audit: fails on a known vulnerability, one line when offline."""

import json
import subprocess

import pytest

from tests import audit_dependencies


def _fake_run(stdout: str = "", stderr: str = "", returncode: int = 0):
    def run(*args, **kwargs):
        return subprocess.CompletedProcess(args[0], returncode, stdout=stdout, stderr=stderr)

    return run


def test_audit_fails_on_a_known_vulnerability(monkeypatch, capsys):
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]}
        ]
    }
    monkeypatch.setattr(subprocess, "run", _fake_run(json.dumps(report), returncode=1))
    assert audit_dependencies.main() == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("stdout", "stderr"),
    [
        (json.dumps({"dependencies": [{"name": "x", "version": "1", "skip_reason": "not found"}]}), ""),
        ("", "requests.exceptions.ConnectionError: Max retries exceeded"),
    ],
)
def test_audit_unreachable_advisories_print_one_line_and_pass(monkeypatch, capsys, stdout, stderr):
    monkeypatch.setattr(subprocess, "run", _fake_run(stdout, stderr, returncode=0 if stdout else 1))
    assert audit_dependencies.main() == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "could not be reached" in out[0]


def test_audit_passes_when_clean(monkeypatch, capsys):
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    monkeypatch.setattr(subprocess, "run", _fake_run(json.dumps(report)))
    assert audit_dependencies.main() == 0
    assert "no known vulnerabilities in 1" in capsys.readouterr().out


def test_lock_files_pin_every_package_with_hashes():
    from pathlib import Path

    root = Path(audit_dependencies.__file__).resolve().parents[1]
    for name in ("requirements.txt", "requirements-dev.txt"):
        text = (root / name).read_text()
        pins = [line for line in text.splitlines() if line and not line.startswith((" ", "#", "-"))]
        assert pins
        for pin in pins:
            assert "==" in pin and pin.endswith("\\"), f"{name}: {pin} has no hash"
    dev = (root / "requirements-dev.txt").read_text()
    for unused in ("pytest-xdist", "execnet"):
        assert f"\n{unused}==" not in dev
