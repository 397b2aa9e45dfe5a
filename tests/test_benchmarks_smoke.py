"""The benchmark suite runs (a smoke test: no timing is asserted here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


def test_quick_pass_prints_the_report() -> None:
    """`python -m benchmarks --quick --no-mirascope` runs every workload and prints the goals table."""
    pytest.importorskip("openai")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-mirascope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for heading in (
        "| workload | goal | measured | met |",
        "W1: wrap + content",
        "W5: fold",
        "W6: import time",
        "W7: bytes",
    ):
        assert heading in result.stdout
    assert "Mirascope's environment: not installed" in result.stdout
