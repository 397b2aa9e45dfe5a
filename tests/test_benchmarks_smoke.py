"""The benchmark suite runs (a smoke test: no timing is asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.wire import CAPTURES

from .conftest import ROOT


def test_quick_pass_prints_the_report() -> None:
    """`python -m benchmarks --quick --no-mirascope` runs every workload and prints the goals table,
    also where Mirascope is installed beside chunkwrap (the nox session ``mirascope``)."""
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
        "W13: a tool call's arguments",
    ):
        assert heading in result.stdout
    assert "**W6: import time**\n" in result.stdout  # no "()" where a table has no single unit
    assert "Mirascope's environment: not installed" in result.stdout


def test_mirascope_side_times_mirascope_and_leaves_w5_to_the_other() -> None:
    """The worker as run in Mirascope's environment (``--mirascope``): Mirascope in every
    per-chunk comparison, and no W5, which needs no Mirascope and runs on the newest openai."""
    pytest.importorskip("mirascope.core.openai")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", "--quick", "--mirascope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["env"]["mirascope"] == "1.25.7"
    results = report["results"]
    assert "W5" not in results
    for workload in ("W1", "W2"):
        assert all("Mirascope" in row for row in results[workload].values())
    assert all("json + model_validate + Mirascope" in row for row in results["W4"].values())
    assert "Mirascope" in results["W7"]


def test_write_readme_fills_one_python_and_adds_another(tmp_path: Path) -> None:
    """Each Python has its own marked section: rewritten in place, or added after the last."""
    from benchmarks.report import markers, write_readme

    start, end = markers("3.11")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Benchmarks\n\n{start}\nold\n{end}\n\n## Development\n")
    write_readme(readme, "new 3.11\n", "3.11")
    write_readme(readme, "first 3.13\n", "3.13")
    write_readme(readme, "second 3.13\n", "3.13")
    start13, end13 = markers("3.13")
    assert readme.read_text() == (
        f"# x\n\n## Benchmarks\n\n{start}\nnew 3.11\n{end}\n"
        f"\n### Python 3.13\n\n{start13}\nsecond 3.13\n{end13}\n\n## Development\n"
    )


def test_write_readme_needs_markers(tmp_path: Path) -> None:
    """A README without benchmark markers is an error, not a README silently left as it was."""
    from benchmarks.report import write_readme

    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    with pytest.raises(SystemExit, match="no benchmark markers"):
        write_readme(readme, "report\n", "3.11")


def test_headline_goes_between_the_readme_markers(tmp_path: Path) -> None:
    """The README's headline table is rewritten in place, between its own markers."""
    from benchmarks.report import HEADLINE_MARKERS, write_headline

    start, end = HEADLINE_MARKERS
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{start}\nold\n{end}\n\nafter\n")
    write_headline(readme, "| new |\n")
    assert readme.read_text() == f"# x\n\n{start}\n| new |\n{end}\n\nafter\n"
    readme.write_text("# none\n")
    with pytest.raises(SystemExit, match="no headline markers"):
        write_headline(readme, "| new |\n")


@pytest.mark.parametrize("capture", sorted(CAPTURES))
def test_w8_decoders_read_the_same_events(capture: str) -> None:
    """W8 events times SSEDecoder against httpx-sse's own EventSource.iter_sse()
    over the same pieces: both must see every event, or the ratio means nothing."""
    pytest.importorskip("httpx_sse")
    from benchmarks.wire import decoder_events, httpx_sse_events, pieces_of

    pieces = pieces_of(CAPTURES[capture])
    count = decoder_events(pieces)
    assert count == httpx_sse_events(pieces) == CAPTURES[capture].read_bytes().count(b"\n\n")
