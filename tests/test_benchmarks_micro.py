"""The micro benchmarks run (a smoke test: no timing is asserted here)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT


def test_quick_micro_cases_print_their_tables() -> None:
    """`python -m benchmarks micro --quick sse-split construct` prints a table for each case it names."""
    pytest.importorskip("openai")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "micro", "--quick", "sse-split", "construct"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("| case | contender | ns per item |") == 2
    for heading in ("**sse-split**:", "**construct**:", "| sse-split | ", "| construct | OpenAIDictChunk |"):
        assert heading in result.stdout
    assert "first-read" not in result.stdout


def test_every_micro_case_a_comment_cites_exists() -> None:
    """Each `micro case "name"` (or `micro cases "a" and "b"`) in chunkwrap/ names a case in benchmarks/micro.py."""
    from benchmarks.micro import CASES

    cited: set[str] = set()
    for path in (ROOT / "chunkwrap").rglob("*.py"):
        text = re.sub(r"\n\s*(#\s*)?", " ", path.read_text())  # comments and docstrings joined across lines
        for found in re.finditer(r'micro cases? ((?:"[\w-]+"(?:,? (?:and )?)?)+)', text):
            cited.update(re.findall(r'"([\w-]+)"', found.group(1)))
    assert cited, "no comment cites a micro case"
    assert sorted(cited - set(CASES)) == []
