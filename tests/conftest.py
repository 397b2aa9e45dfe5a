"""Shared test data: the real captures in ../shared/fixtures/openai-sse/ and chunk builders."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("CHUNKWRAP_FIXTURES", ROOT.parent / "shared" / "fixtures" / "openai-sse"))
CAPTURES = sorted(FIXTURES.glob("*.sse"))
# Captures from OpenAI-compatible servers (Azure, Groq, DeepSeek, OpenRouter, Together), beside openai-sse/.
COMPATIBLE = FIXTURES.parent / "chat-compatible"
COMPATIBLE_CAPTURES = sorted(COMPATIBLE.glob("*.sse"))

if not CAPTURES:  # pragma: no cover - a broken checkout, not a test outcome
    raise RuntimeError(f"no captures found in {FIXTURES}; clone with ../shared beside the repo")


# The other real captures beside openai-sse/: OpenAI-compatible servers,
# Anthropic Messages and OpenAI Responses (../shared/fixtures/README.md).
SHARED_FIXTURES = FIXTURES.parent
ANTHROPIC = sorted((SHARED_FIXTURES / "anthropic").glob("*.sse"))
# Real captures kept in this repository (tests/captures/README.md says where each is from).
REPO_CAPTURES = ROOT / "tests" / "captures"
RESPONSES = [
    *sorted((SHARED_FIXTURES / "openai-responses").glob("*.sse")),
    *sorted((REPO_CAPTURES / "openai-responses").glob("*.sse")),
]
CHAT_STREAMS = [*CAPTURES, *COMPATIBLE_CAPTURES]
CHAT_STREAM_PARAMS = [pytest.param(path, id=f"{path.parent.name}-{path.stem}") for path in CHAT_STREAMS]


@pytest.fixture(scope="session")
def capture_server() -> Iterator[Any]:
    """A real HTTP server on the loopback; ``serve(body)`` gives a URL that sends it in pieces."""
    from .sse_server import CaptureServer

    server = CaptureServer()
    yield server
    server.stop()


def read_capture(path: Path) -> list[dict[str, Any]]:
    """Every chunk of one SSE capture, as parsed JSON, in order."""
    chunks = []
    for line in path.read_text().splitlines():  # CRLF too
        if line.startswith("data: ") and line != "data: [DONE]":
            chunks.append(json.loads(line[len("data: ") :]))
    return chunks


ALL_CAPTURED_CHUNKS = [
    pytest.param(chunk, id=f"{path.stem}-{i}")
    for path in CAPTURES
    for i, chunk in enumerate(read_capture(path))
]
CAPTURE_PARAMS = [pytest.param(path, id=path.stem) for path in CAPTURES]


def chunk_dict(
    *,
    choices: Any = None,
    usage: Any = None,
    delta: dict[str, Any] | None = None,
    finish_reason: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A valid chunk dict; ``delta``/``finish_reason`` build a single choice."""
    if choices is None:
        choices = [{"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish_reason}]
    chunk: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1727346168,
        "model": "gpt-4o-2024-08-06",
        "choices": choices,
    }
    if usage is not None:
        chunk["usage"] = usage
    chunk.update(extra)
    return chunk


def sdk_stream_state() -> Any:
    """A fresh openai ChatCompletionStreamState: public since openai 1.56, private before."""
    try:
        from openai.lib.streaming.chat import ChatCompletionStreamState
    except ImportError:  # openai 1.40 to 1.55: private, and both arguments required
        from openai import NOT_GIVEN
        from openai.lib.streaming.chat._completions import ChatCompletionStreamState as Private

        return Private(input_tools=NOT_GIVEN, response_format=NOT_GIVEN)
    return ChatCompletionStreamState()
