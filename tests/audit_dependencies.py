"""`make test`'s vulnerability audit of the pinned packages (requirements-dev.txt, hashes and all).

Fails on a known vulnerability. When the advisory database cannot be reached (no network, or
only a package index mirror), it says so in one line and lets the tests go on."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
UNREACHABLE_HINTS = ("ConnectionError", "Max retries", "NameResolution", "timed out", "Temporary failure")


def main() -> int:
    command = [str(PIP_AUDIT), "--disable-pip", "--require-hashes", "-r", str(ROOT / "requirements-dev.txt"),
               "--format", "json", "--progress-spinner", "off", "--timeout", "15"]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"pip-audit: could not run ({error.__class__.__name__}); dependencies not audited.")
        return 0
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        if any(hint in result.stderr for hint in UNREACHABLE_HINTS):
            print("pip-audit: the advisory database could not be reached; dependencies not audited.")
            return 0
        print(result.stderr.strip() or result.stdout.strip(), file=sys.stderr)
        return result.returncode or 1
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"pip-audit: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"pip-audit: the advisory database could not be reached; {len(skipped)} pinned packages not audited."
        )
    elif skipped:
        print(f"pip-audit: no known vulnerabilities; {len(skipped)} package(s) could not be audited.")
    else:
        print(f"pip-audit: no known vulnerabilities in {len(dependencies)} pinned packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
