"""W10 and W11: Anthropic Messages and OpenAI Responses streams, bytes to the final answer.

Both sides make the same request through the same SDK client, over an
in-memory transport that answers with the capture's bytes in 8 KiB pieces:
the SDK's own helper (``messages.stream()`` with ``get_final_message()``,
``responses.stream()`` with ``get_final_response()``) against
``with_streaming_response`` + ``wrap_sse`` + ``StreamAccumulator`` and
``to_dict()``. A request costs each side ~2 ms before any event (it would
be ~20 us an event of these captures), so the time reported is per event
at the margin: the capture's time less that of the capture's first and
last events alone, divided by the events between.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from . import data
from .timing import Contender, best, interleaved
from .wire import PIECE

SHARED = data.FIXTURES.parent
ANTHROPIC = {
    "anthropic thinking-text": SHARED / "anthropic" / "thinking-text.sse",
    "anthropic web-search": SHARED / "anthropic" / "web-search-citations-cache.sse",
}
RESPONSES = {"responses reasoning-summary": SHARED / "openai-responses" / "reasoning-summary.sse"}


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


def _chunkwrap(create: Callable[[], Any]) -> Callable[[Any], Any]:
    from chunkwrap import StreamAccumulator, wrap_sse

    def run(_: Any) -> Any:
        acc = StreamAccumulator()
        with create() as response:
            for event in wrap_sse(response):
                acc.add(event)
        return acc.to_dict()

    return run


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

    return {"anthropic messages.stream()": sdk, "wrap_sse + StreamAccumulator": _chunkwrap(create)}


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

    return {"openai responses.stream()": sdk, "wrap_sse + StreamAccumulator": _chunkwrap(create)}


def _events(path: Path) -> list[bytes]:
    """The capture's events, each as its own bytes (event: and data: lines, blank line)."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return [block + b"\n\n" for block in text.split(b"\n\n") if b"data:" in block]


def formats(rounds: int, pyperf_runs: dict[str, list[float]]) -> dict[str, Any]:
    """ns per event at the margin, each capture's contenders interleaved; a
    missing SDK (or one too old for the API) leaves its rows out."""
    results: dict[str, Any] = {"W10": {}, "W11": {}}
    for workload, captures, contenders in (
        ("W10", ANTHROPIC, anthropic_contenders),
        ("W11", RESPONSES, responses_contenders),
    ):
        for name, path in captures.items():
            events = _events(path)
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
