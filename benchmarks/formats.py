"""W10, W11 and W12: Anthropic Messages, OpenAI Responses and Gemini streams, bytes to the final answer.

Both sides make the same request through the same SDK client, over an
in-memory transport that answers with the capture's bytes in 8 KiB pieces:
the SDK's own helper (``messages.stream()`` with ``get_final_message()``,
``responses.stream()`` with ``get_final_response()``) against
``with_streaming_response`` + ``wrap_sse`` + ``StreamAccumulator`` and
``to_dict()``. google-genai has neither a final-answer helper nor a raw
response: its side is ``generate_content_stream()`` joining each chunk's
``text`` and keeping the last chunk (the usage, the finish reason), as its
users do; chunkwrap's reads the same transport with the same httpx client. A request costs each side ~2 ms before any event (it would
be ~20 us an event of these captures), so the time reported is per event
at the margin: the capture's time less that of the capture's first and
last events alone, divided by the events between. A Gemini capture of fewer
than 400 chunks has its middle repeated to 400, so that the margin is not a
few chunks' noise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from . import data
from .timing import Contender, best, interleaved
from .wire import PIECE, _optional

SHARED = data.FIXTURES.parent
ANTHROPIC = {
    "anthropic thinking-text": SHARED / "anthropic" / "thinking-text.sse",
    "anthropic web-search": SHARED / "anthropic" / "web-search-citations-cache.sse",
}
RESPONSES = {"responses reasoning-summary": SHARED / "openai-responses" / "reasoning-summary.sse"}
GEMINI = {
    "gemini thinking": SHARED / "gemini" / "gemini-2.5-flash-thinking-thought-parts.sse",
    "gemini text": SHARED / "gemini" / "gemini-2.0-flash-text.sse",
}


def _library_of(client: Any) -> Any:
    """The SDK client's own HTTP library: httpx, or httpx2 in newer openai releases."""
    library = next(
        k for k in type(client._client).__mro__ if k.__module__.split(".")[0] not in {"openai", "anthropic"}
    )
    return sys.modules[library.__module__.split(".")[0]]


def _client(make: Callable[..., Any], body: dict[str, list[bytes]]) -> Any:
    """An SDK client whose transport answers with ``body["pieces"]``, read at each request."""
    probe = make(api_key="benchmark", base_url="http://127.0.0.1:9")
    http = _library_of(probe)
    probe.close()
    headers = {"content-type": "text/event-stream"}

    def answer(request: Any) -> Any:
        return http.Response(200, headers=headers, content=iter(body["pieces"]))

    transport = http.MockTransport(answer)
    return make(
        api_key="benchmark", base_url="http://127.0.0.1:9", http_client=http.Client(transport=transport)
    )


def _chunkwrap(create: Callable[[], Any], loads: Any = None) -> Callable[[Any], Any]:
    from chunkwrap import StreamAccumulator, wrap_sse

    def run(_: Any) -> Any:
        acc = StreamAccumulator()
        with create() as response:
            for event in wrap_sse(response, loads=loads):
                acc.add(event)
        return acc.to_dict()

    return run


def _with_orjson(
    made: dict[str, Callable[[Any], Any]], create: Callable[[], Any]
) -> dict[str, Callable[[Any], Any]]:
    """``made`` and, where orjson is installed, chunkwrap's side with ``loads=orjson.loads``:
    one json.loads an event is most of chunkwrap's time, and orjson's shows what is left."""
    orjson = _optional("orjson")
    if orjson is not None:
        made["wrap_sse (orjson) + StreamAccumulator"] = _chunkwrap(create, orjson.loads)
    return made


def anthropic_contenders(body: dict[str, list[bytes]]) -> dict[str, Callable[[Any], Any]]:
    import anthropic

    client = _client(anthropic.Anthropic, body)
    request = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "hi"}],
    }

    def sdk(_: Any) -> Any:
        with client.messages.stream(**request) as stream:
            return stream.get_final_message()

    def create() -> Any:
        return client.messages.with_streaming_response.create(**request, stream=True)

    return _with_orjson(
        {"anthropic messages.stream()": sdk, "wrap_sse + StreamAccumulator": _chunkwrap(create)}, create
    )


def responses_contenders(body: dict[str, list[bytes]]) -> dict[str, Callable[[Any], Any]]:
    import openai

    client = _client(openai.OpenAI, body)
    if not hasattr(client, "responses"):
        raise AttributeError("this openai has no Responses API")  # openai before 1.66
    request = {"model": "gpt-5", "input": "hi"}

    def sdk(_: Any) -> Any:
        with client.responses.stream(**request) as stream:
            return stream.get_final_response()

    def create() -> Any:
        return client.responses.with_streaming_response.create(**request, stream=True)

    return _with_orjson(
        {"openai responses.stream()": sdk, "wrap_sse + StreamAccumulator": _chunkwrap(create)}, create
    )


def gemini_contenders(body: dict[str, list[bytes]]) -> dict[str, Callable[[Any], Any]]:
    import httpx
    from google import genai
    from google.genai import types

    def answer(request: Any) -> Any:
        return httpx.Response(
            200, headers={"content-type": "text/event-stream"}, content=iter(body["pieces"])
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    base_url = "http://127.0.0.1:9"
    client = genai.Client(
        api_key="benchmark", http_options=types.HttpOptions(base_url=base_url, httpx_client=http)
    )
    request = {"model": "gemini-2.5-flash", "contents": "hi"}
    url = f"{base_url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    wire_request = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}

    def sdk(_: Any) -> Any:
        texts, last = [], None
        for chunk in client.models.generate_content_stream(**request):
            texts.append(chunk.text or "")
            last = chunk
        return "".join(texts), last

    def create() -> Any:
        return http.stream("POST", url, json=wire_request, headers={"x-goog-api-key": "benchmark"})

    made = {"google-genai generate_content_stream()": sdk, "wrap_sse + StreamAccumulator": _chunkwrap(create)}
    return _with_orjson(made, create)


_AT_LEAST = 400  # events a capture's margin is measured over, its middle repeated where it has fewer


def _events(path: Path) -> list[bytes]:
    """The capture's events, each as its own bytes (event: and data: lines, blank line),
    with the capture's own line ends (Gemini's CRLF)."""
    body = path.read_bytes()
    end = b"\r\n" if b"\r\n" in body else b"\n"
    return [block + end + end for block in body.split(end + end) if b"data:" in block]


def formats(rounds: int, pyperf_runs: dict[str, list[float]]) -> dict[str, Any]:
    """ns per event at the margin, each capture's contenders interleaved; a
    missing SDK (or one too old for the API) leaves its rows out."""
    results: dict[str, Any] = {"W10": {}, "W11": {}, "W12": {}}
    for workload, captures, contenders in (
        ("W10", ANTHROPIC, anthropic_contenders),
        ("W11", RESPONSES, responses_contenders),
        ("W12", GEMINI, gemini_contenders),
    ):
        for name, path in captures.items():
            events = _events(path)
            if workload == "W12" and len(events) < _AT_LEAST:
                # A Gemini capture of a few chunks (5 and 12; each chunk stands
                # alone, as an event of the other formats does not) gives a margin of
                # three to ten, which the machine's noise swamped (10.9x to 25.2x
                # in one day's runs): its chunks between the first and the last,
                # repeated to _AT_LEAST, as a longer answer streams them.
                middle = events[1:-1]
                events = [events[0], *(middle * (_AT_LEAST // len(middle) + 1))[: _AT_LEAST - 2], events[-1]]
            full = b"".join(events)
            ends = events[0] + events[-1]
            whole = {"pieces": [full[i : i + PIECE] for i in range(0, len(full), PIECE)]}
            short = {"pieces": [ends]}
            try:
                made, bare = contenders(whole), contenders(short)
            except (ImportError, AttributeError):
                continue
            timed: dict[str, Contender] = {}
            for label in made:
                timed[label] = (made[label], None, 1)
                timed[f"{label} (first and last events)"] = (bare[label], None, 1)
            values = interleaved(timed, rounds)
            for label, v in values.items():
                pyperf_runs[f"{workload}/{name}/{label}"] = v
            times = best(values)
            between = len(events) - 2
            results[workload][name] = {
                label: (times[label] - times[f"{label} (first and last events)"]) / between for label in made
            }
    return results
