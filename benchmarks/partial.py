"""W13: a tool call's arguments read as JSON after every fragment, as a UI renders them.

Arguments of 20 KB in 400 fragments and 80 KB in 1,600 (~50 characters a
fragment, as a model streams them), each read after every fragment:
PartialJSON fed each fragment, the SDKs' way (the buffer so far reparsed by
jiter each fragment, as the openai SDK's ChatCompletionStreamState and the
anthropic SDK's accumulate_event do), and one json.loads of the whole text
at the end (the floor: no partial value at all).
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable

from .timing import Contender, best, interleaved

SIZES = {"20 KB": (20_000, 400), "80 KB": (80_000, 1_600)}


def document(size: int) -> str:
    """Tool arguments of about ``size`` characters: a path and rows of every kind of value."""
    rows: list[dict[str, Any]] = []
    while len(json.dumps({"path": "out/report.json", "rows": rows}, ensure_ascii=False)) < size:
        i = len(rows)
        rows.append(
            {
                "id": i,
                "name": f"item {i}",
                "price": round(i * 1.37, 2),
                "in_stock": i % 3 != 0,
                "tags": ["alpha", "beta"][: i % 3],
                "note": f'line one\nline "two" for {i} — ok',
            }
        )
    return json.dumps({"path": "out/report.json", "rows": rows}, ensure_ascii=False)


def fragments(text: str, n: int) -> list[str]:
    step = len(text) / n
    return [text[round(k * step) : round((k + 1) * step)] for k in range(n)]


def partial_json(pieces: list[str]) -> None:
    from chunkwrap import PartialJSON

    parser = PartialJSON()
    for piece in pieces:
        parser.feed(piece)
        parser.value


def reparsed(pieces: list[str]) -> None:
    from jiter import from_json

    buffer = ""
    for piece in pieces:
        buffer += piece
        from_json(buffer.encode(), partial_mode=True)


def floor(pieces: list[str]) -> None:
    json.loads("".join(pieces))


def accumulated(chunks: list[dict[str, Any]]) -> None:
    from chunkwrap import StreamAccumulator

    accumulator = StreamAccumulator()
    for chunk in chunks:
        accumulator.add(chunk)
        accumulator.parsed_arguments


def _chunks(pieces: list[str]) -> list[dict[str, Any]]:
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "write", "arguments": ""}}
    first = {
        "id": "c",
        "model": "m",
        "created": 1,
        "choices": [{"index": 0, "delta": {"tool_calls": [call]}}],
    }
    return [first] + [
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}}]}
        for p in pieces
    ]


CONTENDERS: dict[str, Callable[[Any], None]] = {
    "PartialJSON": partial_json,
    "StreamAccumulator.parsed_arguments": accumulated,
    "jiter reparse (the SDKs')": reparsed,
    "json.loads at the end (floor)": floor,
}


def partial(rounds: int, pyperf_runs: dict[str, list[float]]) -> dict[str, Any]:
    """µs of CPU per stream of fragments, every contender and size interleaved; without jiter, no W13."""
    try:
        import jiter  # noqa: F401
    except ImportError:
        return {}
    timed: dict[str, Contender] = {}
    for label, (size, n) in SIZES.items():
        pieces = fragments(document(size), n)
        for name, run in CONTENDERS.items():
            timed[f"{label}/{name}"] = (run, _chunks(pieces) if run is accumulated else pieces, 1)
    # CPU time: the contenders range from ~1 ms to ~1 s (see timing.interleaved).
    values = interleaved(timed, rounds, clock=time.thread_time_ns)
    for key, v in values.items():
        pyperf_runs[f"W13/{key}"] = v
    times = best(values)
    results: dict[str, dict[str, float]] = {}
    for key, ns in times.items():
        label, name = key.split("/", 1)
        results.setdefault(label, {})[name] = ns / 1000
    return {"W13": results}


if __name__ == "__main__":
    import sys

    found = partial(int(sys.argv[1]) if len(sys.argv) > 1 else 10, {})
    for label, row in found["W13"].items():
        print(label, {name: f"{us:,.0f} µs" for name, us in row.items()})
