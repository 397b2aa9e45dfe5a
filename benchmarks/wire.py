"""W8 and W9: from the bytes of an event stream, as they come off the wire.

Each contender reads the same capture's bytes in 8 KiB pieces. The openai
SDK's contenders read them through its own ``Stream``, built over an
in-memory HTTP response of the SDK's own HTTP library, so that no socket
and no request building is timed: only what the SDK does per chunk.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

from . import data
from .timing import Contender, best, interleaved
from .workloads import W2_READS

PIECE = 8 * 1024
# Long real captures: OpenAI's own, and a compatible server's with reasoning.
CAPTURES = {
    "openai json-object-content": data.FIXTURES / "json-object-content.sse",
    "deepseek-reasoner": data.FIXTURES.parent / "chat-compatible" / "deepseek-reasoner.sse",
}


def pieces_of(path: Path) -> list[bytes]:
    body = path.read_bytes()
    return [body[i : i + PIECE] for i in range(0, len(body), PIECE)]


def _reads_source(prefix: str) -> str:
    return "; ".join(f"{prefix}.{name}" for name in W2_READS)


def _compiled(source: str, namespace: dict[str, Any]) -> Callable[[Any], Any]:
    exec(source, namespace)
    return namespace["run"]  # type: ignore[no-any-return]


def chunkwrap_w8(loads: Any = None) -> Callable[[list[bytes]], None]:
    from chunkwrap import wrap_sse

    return _compiled(
        f"def run(pieces):\n    for w in wrap_sse(pieces, loads=loads):\n        {_reads_source('w')}\n",
        {"wrap_sse": wrap_sse, "loads": loads},
    )


def sdk_stream_factory() -> Callable[[list[bytes]], Any]:
    """pieces -> the openai SDK's Stream of ChatCompletionChunk over them."""
    import openai
    from openai.types.chat import ChatCompletionChunk

    client = openai.OpenAI(api_key="benchmark", base_url="http://127.0.0.1:9")
    # The SDK's own HTTP library: httpx, or httpx2 in newer releases.
    library = next(k for k in type(client._client).__mro__ if not k.__module__.startswith("openai"))
    http = sys.modules[library.__module__.split(".")[0]]
    headers = {"content-type": "text/event-stream"}

    def stream(pieces: list[bytes]) -> Any:
        response = http.Response(200, headers=headers, content=iter(pieces))
        return openai.Stream(cast_to=ChatCompletionChunk, response=response, client=client)

    return stream


def sdk_w8(wrapper: Callable[[Any], Any]) -> Callable[[list[bytes]], None]:
    return _compiled(
        f"def run(pieces):\n    for c in stream(pieces):\n        w = wrapper(c)\n        {_reads_source('w')}\n",
        {"stream": sdk_stream_factory(), "wrapper": wrapper},
    )


def floor_w8(pieces: list[bytes]) -> None:
    """Blank-line split, json.loads and the nine reads written inline: no SSE rules, no checks."""
    loads = json.loads
    rest = b""
    for piece in pieces:
        *events, rest = (rest + piece).split(b"\n\n")
        for event in events:
            if event.startswith(b"data: {"):
                c = loads(event[6:])
                choices = c.get("choices")
                audio = None
                if choices:
                    choice = choices[0]
                    delta = choice.get("delta") or {}
                    delta.get("content") or ""
                    [ch.get("finish_reason") for ch in choices if ch.get("finish_reason")]
                    audio = delta.get("audio")
                c.get("model")
                c.get("id")
                usage = c.get("usage")
                if usage:
                    usage.get("prompt_tokens")
                    usage.get("completion_tokens")
                    (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
                if audio:
                    audio.get("data")
                    audio.get("transcript")


def decoder_events(pieces: list[bytes]) -> int:
    """SSEDecoder over the pieces; the number of events."""
    from chunkwrap import SSEDecoder

    decoder = SSEDecoder()
    count = 0
    for piece in pieces:
        count += len(decoder.feed(piece))
    return count + len(decoder.end())


def httpx_sse_events(pieces: list[bytes]) -> int:
    """httpx-sse's ``EventSource.iter_sse()`` itself, its per-line generator and
    all, over a stand-in response whose ``iter_text()`` gives each piece
    decoded: no httpx machinery is timed, and its text decoding is the
    cheapest there is (``bytes.decode``: the captures' pieces split no
    character). The number of events."""
    from httpx_sse import EventSource

    count = 0
    for _event in EventSource(_TextResponse(pieces)).iter_sse():  # type: ignore[arg-type]
        count += 1
    return count


class _TextResponse:
    def __init__(self, pieces: list[bytes]) -> None:
        self.headers = {"content-type": "text/event-stream"}
        self.pieces = pieces

    def iter_text(self) -> Iterator[str]:
        for piece in self.pieces:
            yield piece.decode()


def chunkwrap_w9(pieces: list[bytes]) -> Any:
    from chunkwrap import StreamAccumulator, wrap_sse

    acc = StreamAccumulator()
    for w in wrap_sse(pieces):
        acc.add(w)
    return acc.to_dict()


def sdk_w9_factory() -> Callable[[list[bytes]], Any]:
    """What ``client.chat.completions.stream()`` does: the Stream, folded by ChatCompletionStreamState."""
    try:
        from openai.lib.streaming.chat import ChatCompletionStreamState
    except ImportError:  # openai before 1.56: private, both arguments required
        from openai import NOT_GIVEN
        from openai.lib.streaming.chat._completions import ChatCompletionStreamState as Private

        def ChatCompletionStreamState() -> Any:
            return Private(input_tools=NOT_GIVEN, response_format=NOT_GIVEN)

    stream = sdk_stream_factory()

    def run(pieces: list[bytes]) -> Any:
        state = ChatCompletionStreamState()
        for chunk in stream(pieces):
            state.handle_chunk(chunk)
        return state.get_final_completion()

    return run


def _optional(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


def wire(
    rounds: int, pyperf_runs: dict[str, list[float]], mirascope: Callable[[Any], Any] | None
) -> dict[str, Any]:
    """W8 and W9 per capture, ns per chunk (per event for the decoders)."""
    from chunkwrap import OpenAICallResponseChunk, wrap_sse

    results: dict[str, Any] = {"W8": {}, "W8 events": {}, "W9": {}}
    orjson = _optional("orjson")
    for name, path in CAPTURES.items():
        pieces = pieces_of(path)
        chunks = sum(1 for _ in wrap_sse(pieces))
        events = len(_events(pieces))
        w8: dict[str, Contender] = {
            "openai Stream + chunkwrap": (sdk_w8(OpenAICallResponseChunk), pieces, chunks),
            "wrap_sse": (chunkwrap_w8(), pieces, chunks),
            "floor": (floor_w8, pieces, chunks),
        }
        if orjson is not None:
            w8["wrap_sse (orjson)"] = (chunkwrap_w8(orjson.loads), pieces, chunks)
        if mirascope is not None:
            w8["openai Stream + Mirascope"] = (sdk_w8(mirascope), pieces, chunks)
        results["W8"][name] = _timed(f"W8/{name}", w8, rounds, pyperf_runs)
        if mirascope is not None:
            continue  # Mirascope's environment: its path beside chunkwrap's, nothing more
        decoders: dict[str, Contender] = {"SSEDecoder": (decoder_events, pieces, events)}
        if _optional("httpx_sse") is not None:
            decoders["httpx-sse"] = (httpx_sse_events, pieces, events)
        results["W8 events"][name] = _timed(f"W8 events/{name}", decoders, rounds, pyperf_runs)
        w9: dict[str, Contender] = {
            "wrap_sse + StreamAccumulator": (chunkwrap_w9, pieces, chunks),
            "openai Stream + ChatCompletionStreamState": (sdk_w9_factory(), pieces, chunks),
        }
        results["W9"][name] = _timed(f"W9/{name}", w9, max(5, rounds // 2), pyperf_runs)
    return results


def _events(pieces: list[bytes]) -> list[Any]:
    from chunkwrap import SSEDecoder

    decoder = SSEDecoder()
    found = [event for piece in pieces for event in decoder.feed(piece)]
    return found + decoder.end()


def _timed(
    label: str, contenders: dict[str, Contender], rounds: int, pyperf_runs: dict[str, list[float]]
) -> dict[str, float]:
    values = interleaved(contenders, rounds)
    for contender, v in values.items():
        pyperf_runs[f"{label}/{contender}"] = v
    return best(values)
