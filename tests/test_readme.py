"""The README's example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

import pytest

from .conftest import CAPTURES, ROOT, SHARED_FIXTURES, read_capture


def test_readme_example_runs() -> None:
    """The first Python block of README.md runs; its commented output is what it prints."""
    text = (ROOT / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", text, re.S)
    assert example is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example.group(1), "README.md", "exec"), {})
    expected = [
        line.split("# ", 1)[1]
        for line in example.group(1).splitlines()
        if line.startswith("# ") and "Usage(" in line
    ]
    assert out.getvalue().splitlines()[0] == "Hello"
    assert expected[0] in out.getvalue()
    assert "9 8 9" in out.getvalue()


def test_readme_live_arguments_example_prints_the_json_so_far() -> None:
    """The first block's tool-call example prints each fragment's arguments so far, as its comment says."""
    example = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert example is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example.group(1), "README.md", "exec"), {})
    comment = example.group(1).rstrip().splitlines()[-1]
    assert out.getvalue().splitlines()[-3:] == comment.removeprefix("# ").split(" then ")


@pytest.mark.parametrize("block", [1, 2], ids=["with_streaming_response", "httpx-async"])
def test_readme_wire_examples_run(
    block: int, capture_server: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The "From the wire" examples run as written against a real server on the loopback."""
    pytest.importorskip("openai")
    pytest.importorskip("httpx")
    capture = CAPTURES[0]
    monkeypatch.setenv("OPENAI_BASE_URL", capture_server.serve(capture.read_bytes()))
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    exec(compile(blocks[block], "README.md", "exec"), {"__name__": "readme"})
    expected = "".join(
        c["choices"][0]["delta"].get("content") or "" for c in read_capture(capture) if c["choices"]
    )
    assert capsys.readouterr().out.startswith(expected)


@pytest.mark.parametrize(
    "credential", ["GEMINI_API_KEY", "VERTEX_ACCESS_TOKEN"], ids=["google-ai", "vertex-ai"]
)
def test_readme_gemini_example_runs(
    credential: str, capture_server: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Gemini httpx example runs as written against a real server on the loopback, printing the text and the
    finish, with Google AI's API key or with Vertex AI's access token alone."""
    pytest.importorskip("httpx")
    capture = SHARED_FIXTURES / "gemini" / "gemini-2.5-flash-thinking-thought-parts.sse"
    monkeypatch.setenv("GEMINI_BASE_URL", capture_server.serve(capture.read_bytes()))
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("VERTEX_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv(credential, "test")
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    block = next(b for b in blocks if "streamGenerateContent" in b)
    exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out == "3['stop'] 30 1947\n"  # the fold's finish, tokens


def test_readme_stays_short() -> None:
    """The README is for adopters: under 290 lines, the detail in docs/."""
    assert len((ROOT / "README.md").read_text().splitlines()) < 290
    assert "<!-- benchmarks python3.11:start -->" in (ROOT / "docs" / "benchmarks.md").read_text()
