"""Hypothesis strategies: valid chunk dicts, valid streams, and mutations of chunks."""

from __future__ import annotations

import base64
import copy
from typing import Any

from hypothesis import strategies as st

REASONS = [None, "stop", "length", "tool_calls", "content_filter", "function_call"]
texts = st.text(max_size=12)
small = st.integers(min_value=0, max_value=10**6)


@st.composite
def usages(draw: st.DrawFn) -> dict[str, Any]:
    prompt, completion = draw(small), draw(small)
    usage: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if draw(st.booleans()):
        usage["prompt_tokens_details"] = {"cached_tokens": draw(st.none() | small)}
    if draw(st.booleans()):
        usage["completion_tokens_details"] = {"reasoning_tokens": draw(st.none() | small)}
    return usage


@st.composite
def tool_fragments(draw: st.DrawFn) -> list[dict[str, Any]]:
    fragments = []
    for _ in range(draw(st.integers(0, 2))):
        fragment: dict[str, Any] = {"index": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            fragment["id"] = "call_" + draw(st.text("abc123", min_size=1, max_size=6))
            fragment["type"] = "function"
        fragment["function"] = {"arguments": draw(texts)}
        if draw(st.booleans()):
            fragment["function"]["name"] = draw(st.text("fgh_", min_size=1, max_size=5))
        fragments.append(fragment)
    return fragments


@st.composite
def deltas(draw: st.DrawFn, audio: bool = True) -> dict[str, Any]:
    delta: dict[str, Any] = {}
    if draw(st.booleans()):
        delta["content"] = draw(st.none() | texts)
    if draw(st.booleans()):
        delta["refusal"] = draw(st.none() | texts)
    if draw(st.booleans()):
        delta["role"] = "assistant"
    if draw(st.booleans()):
        delta["tool_calls"] = draw(tool_fragments())
    if draw(st.booleans()):
        delta[draw(st.sampled_from(["reasoning_content", "reasoning"]))] = draw(texts)
    if audio and draw(st.booleans()):
        delta["audio"] = {
            "id": "audio_1",
            "data": base64.b64encode(draw(st.binary(max_size=9))).decode(),
            "transcript": draw(texts),
        }
    return delta


@st.composite
def chunks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid chat.completion.chunk dict, the SDK accepts it."""
    indices = draw(st.lists(st.integers(0, 3), unique=True, max_size=3))
    choices = [
        {
            "index": i,
            "delta": draw(deltas()),
            "logprobs": None,
            "finish_reason": draw(st.sampled_from(REASONS)),
        }
        for i in indices
    ]
    chunk: dict[str, Any] = {
        "id": "chatcmpl-" + draw(st.text("abcXYZ09", max_size=8)),
        "object": "chat.completion.chunk",
        "created": draw(small),
        "model": draw(st.sampled_from(["gpt-4o", "gpt-4o-mini", ""])),
        "choices": choices,
    }
    if draw(st.booleans()):
        chunk["usage"] = draw(usages())
    if draw(st.booleans()):
        chunk["system_fingerprint"] = "fp_" + draw(st.text("abc", max_size=4))
    if draw(st.booleans()):
        chunk["service_tier"] = "default"  # the one value every openai 1.x accepts
    return chunk


def _logprobs(draw: st.DrawFn) -> dict[str, Any] | None:
    if not draw(st.booleans()):
        return None
    entry = lambda token: {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}  # noqa: E731
    field = draw(st.sampled_from(["content", "refusal"]))
    return {field: [entry(t) for t in draw(st.lists(st.text("ab ", min_size=1, max_size=3), max_size=2))]}


def _citation(draw: st.DrawFn) -> dict[str, Any]:
    end = draw(st.integers(0, 40))
    return {
        "type": "url_citation",
        "url_citation": {
            "url": "https://example.com/" + draw(st.text("abc", max_size=4)),
            "title": draw(texts),
            "start_index": 0,
            "end_index": end,
        },
    }


@st.composite
def streams(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A valid stream: choices interleaved, parallel tool calls in fragments, refusals, logprobs, a usage chunk.

    Each tool call starts with its id, type and name, as OpenAI sends them.
    A choice's first chunk carries no logprobs: the SDK's accumulator counts
    those twice for a choice that first appears after the first chunk.
    """
    n = draw(st.integers(1, 3))
    base = {
        "id": "chatcmpl-gen",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o",
        "system_fingerprint": "fp_x",
    }
    out = [
        {
            **base,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": ""},
                    "logprobs": None,
                    "finish_reason": None,
                }
            ],
        }
    ]
    seen = {0}
    cited: set[int] = set()
    started: dict[int, set[int]] = {i: set() for i in range(n)}
    for _ in range(draw(st.integers(0, 12))):
        # New choices and new tool calls appear in index order, as OpenAI
        # sends them; the SDK's accumulator fails on any other order.
        i = draw(st.integers(0, min(n - 1, len(seen))))
        delta: dict[str, Any] = {}
        kind = draw(st.sampled_from(["content", "refusal", "tool"]))
        if kind == "tool":
            t = draw(st.integers(0, min(1, len(started[i]))))
            fragment: dict[str, Any] = {"index": t, "function": {"arguments": draw(texts)}}
            if t not in started[i]:
                started[i].add(t)
                fragment.update(id=f"call_{i}_{t}", type="function")
                fragment["function"]["name"] = f"tool_{t}"
            delta["tool_calls"] = [fragment]
        else:
            delta[kind] = draw(texts)
        if i not in cited and draw(st.integers(0, 5)) == 0:
            # Search models' URL citations, once a choice: the SDK raises on a second.
            cited.add(i)
            delta["annotations"] = [_citation(draw)]
        if draw(st.integers(0, 7)) == 0:
            delta["function_call"] = {"arguments": draw(texts)}  # the deprecated functions= API
        if i not in seen:
            delta["role"] = "assistant"  # each choice's first delta, as OpenAI sends it
        logprobs = _logprobs(draw) if i in seen else None
        seen.add(i)
        out.append(
            {**base, "choices": [{"index": i, "delta": delta, "logprobs": logprobs, "finish_reason": None}]}
        )
    for i in sorted(seen):
        out.append(
            {
                **base,
                "choices": [
                    {
                        "index": i,
                        "delta": {},
                        "logprobs": None,
                        "finish_reason": draw(st.sampled_from(REASONS[1:])),
                    }
                ],
            }
        )
    out.append({**base, "choices": [], "usage": draw(usages())})
    return out


WEIRD = [
    None,
    0,
    -1,
    10**30,
    1.5,
    float("nan"),
    True,
    "",
    "x" * 1000,
    "not base64!",
    [],
    [None],
    {},
    {"x": None},
    [1, "a"],
    b"bytes",
]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = []
    if isinstance(value, dict):
        for key, child in value.items():
            places.append((*path, key))
            places.extend(_places(child, (*path, key)))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            places.append((*path, i))
            places.extend(_places(child, (*path, i)))
    return places


@st.composite
def mutated(draw: st.DrawFn, chunk: dict[str, Any]) -> dict[str, Any]:
    """The chunk with one to three fields removed, nulled, or set to a value of the wrong kind."""
    result = copy.deepcopy(chunk)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(result)
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent: Any = result
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(WEIRD)))
    return result
