"""wrap_sse over Anthropic Messages and OpenAI Responses streams: the wrapper picked by the event."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import AnthropicCallResponseChunk, OpenAIResponsesChunk, StreamError, awrap_sse, wrap_sse

from .conftest import ANTHROPIC, RESPONSES
from .helpers import EVENT_ANSWERS as ANTHROPIC_ANSWERS
from .helpers import FOLD_ANSWERS as RESPONSES_ANSWERS
from .helpers import named_answers as answers

FORMATS = [
    *(pytest.param(p, AnthropicCallResponseChunk, id=f"anthropic-{p.stem}") for p in ANTHROPIC),
    *(pytest.param(p, OpenAIResponsesChunk, id=f"responses-{p.stem}") for p in RESPONSES),
]


def events_in(path: Path) -> list[dict[str, Any]]:
    """Every event object of a capture, read plainly; pings are not chunks."""
    found = []
    for line in path.read_text().replace("\r\n", "\n").split("\n"):
        if line.startswith("data: {"):
            event = json.loads(line[6:])
            if event.get("type") != "ping":
                found.append(event)
    return found


@pytest.mark.parametrize(("path", "wrapper"), FORMATS)
def test_each_event_gets_its_formats_wrapper(path: Path, wrapper: type) -> None:
    """Every event of every capture is wrapped as its format's wrapper, in order, pings skipped."""
    got = list(wrap_sse(path.read_bytes()))
    assert all(type(w) is wrapper for w in got)
    assert [w.chunk for w in got] == events_in(path)


@pytest.mark.parametrize(("path", "wrapper"), FORMATS)
def test_without_event_names_the_type_decides(path: Path, wrapper: type) -> None:
    """A proxy that drops the `event:` lines: each event's own type still picks the wrapper."""
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events_in(path)).encode()
    assert all(type(w) is wrapper for w in wrap_sse(body))


@pytest.mark.parametrize(("path", "wrapper"), FORMATS)
def test_from_a_real_server_in_pieces(capture_server: Any, path: Path, wrapper: type) -> None:
    """httpx's AsyncClient reading the loopback server: the same events."""
    httpx = pytest.importorskip("httpx")

    async def main() -> list[Any]:
        url = capture_server.serve(path.read_bytes(), seed=11)
        async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
            return [w.chunk async for w in awrap_sse(response)]

    assert asyncio.run(main()) == events_in(path)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in ANTHROPIC])
def test_anthropic_sdk_stream_is_the_oracle(capture_server: Any, path: Path) -> None:
    """with_raw_response's bytes through wrap_sse answer as the anthropic SDK's own events, wrapped."""
    anthropic = pytest.importorskip("anthropic")
    client = anthropic.Anthropic(
        api_key="test", base_url=capture_server.serve(path.read_bytes()), max_retries=0
    )
    request = {"model": "claude", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    expected = [
        answers(AnthropicCallResponseChunk(e), ANTHROPIC_ANSWERS)
        for e in client.messages.create(**request, stream=True)
    ]
    with client.messages.with_streaming_response.create(**request, stream=True) as response:
        got = [answers(w, ANTHROPIC_ANSWERS) for w in wrap_sse(response)]
    assert got == expected
    client.close()


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in RESPONSES])
def test_openai_sdk_responses_stream_is_the_oracle(capture_server: Any, path: Path) -> None:
    """with_streaming_response + wrap_sse answer as the openai SDK's own Responses events, wrapped."""
    openai = pytest.importorskip("openai")
    if not hasattr(openai.OpenAI(api_key="x"), "responses"):  # pragma: no cover - openai before 1.66
        pytest.skip("this openai has no Responses API")
    client = openai.OpenAI(api_key="test", base_url=capture_server.serve(path.read_bytes()), max_retries=0)
    request = {"model": "gpt-4o", "input": "hi", "stream": True}
    expected = [
        answers(OpenAIResponsesChunk(e), RESPONSES_ANSWERS) for e in client.responses.create(**request)
    ]
    with client.responses.with_streaming_response.create(**request) as response:
        got = [answers(w, RESPONSES_ANSWERS) for w in wrap_sse(response)]
    assert got == expected
    client.close()


@pytest.mark.parametrize(
    ("events", "message"),
    [
        pytest.param(
            b'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n',
            "Overloaded",
            id="anthropic-error",
        ),
        pytest.param(
            b'event: error\ndata: {"type": "error", "sequence_number": 3, "code": "server_error", "message": "The server had an error"}\n\n',
            "The server had an error",
            id="responses-error",
        ),
        pytest.param(
            b'event: response.failed\ndata: {"type": "response.failed", "sequence_number": 4, "response": {"id": "resp_1", "status": "failed", "error": {"code": "server_error", "message": "Something went wrong"}}}\n\n',
            "Something went wrong",
            id="responses-failed",
        ),
    ],
)
def test_error_events_of_the_other_formats(events: bytes, message: str) -> None:
    """Anthropic's `error`, and the Responses API's `error` and `response.failed`, raise StreamError."""
    start = b'event: message_start\ndata: {"type": "message_start", "message": {"id": "msg_1", "model": "claude", "usage": {"input_tokens": 1, "output_tokens": 1}}}\n\n'
    got = []
    with pytest.raises(StreamError) as caught:
        got.extend(wrap_sse(start + events))
    assert caught.value.message == message
    assert len(got) == 1
