"""The crisis and guard evaluation sentences stay well-formed, balanced and free of near-duplicates."""

import subprocess
import sys
from pathlib import Path

CHECKER = Path(__file__).resolve().parent / "data" / "detection" / "check_data.py"


def test_detection_data_passes_its_own_checks():
    result = subprocess.run([sys.executable, str(CHECKER)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "OK: no problems found." in result.stdout
