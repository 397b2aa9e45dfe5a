"""The contenders of each workload. Each takes a list and processes every item.

floor_*: hand-written inline reads of the same values from the same
objects, written for speed: what it costs with no wrapper at all.
"""

from __future__ import annotations

import json
from base64 import b64decode
from typing import Any, Callable

from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk, StreamAccumulator

# W2 reads, the same in every contender: what a stream consumer asks per chunk.
W2_READS = [
    "content",
    "finish_reasons",
    "model",
    "id",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "audio",
    "audio_transcript",
]


class Holder:
    """W3's reference: a plain property returning a stored slot."""

    __slots__ = ("_content",)

    def __init__(self, content: str) -> None:
        self._content = content

    @property
    def content(self) -> str:
        return self._content


def make_w2(wrapper: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    """A W2 loop over ``wrapper``, the nine reads written out, no getattr()."""
    reads = "; ".join(f"w.{name}" for name in W2_READS)
    source = (
        f"def w2(items, wrapper=wrapper):\n    for c in items:\n        w = wrapper(c)\n        {reads}\n"
    )
    namespace: dict[str, Any] = {"wrapper": wrapper}
    exec(source, namespace)
    return namespace["w2"]  # type: ignore[no-any-return]


def make_w1(wrapper: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    def w1(items: list[Any], wrapper: Callable[[Any], Any] = wrapper) -> None:
        for c in items:
            wrapper(c).content

    return w1


def floor_w1_sdk(items: list[Any]) -> None:
    for c in items:
        choices = c.choices
        (choices[0].delta.content or "") if choices else ""


def floor_w1_dict(items: list[Any]) -> None:
    for c in items:
        choices = c.get("choices")
        ((choices[0].get("delta") or {}).get("content") or "") if choices else ""


def floor_w2_sdk(items: list[Any]) -> None:
    for c in items:
        choices = c.choices
        delta = choices[0].delta if choices else None
        (delta.content or "") if delta is not None else ""
        [choice.finish_reason for choice in choices if choice.finish_reason]
        c.model
        c.id
        usage = c.usage
        if usage is not None:
            usage.prompt_tokens
            usage.completion_tokens
            # An untyped extra (a dict, or absent) before openai 1.44.
            details = getattr(usage, "prompt_tokens_details", None)
            if details is not None:
                details["cached_tokens"] if type(details) is dict else details.cached_tokens
        if delta is not None:
            audio = delta.__dict__.get("audio")  # typed on openai 2.x+
            if audio is None and delta.__pydantic_extra__:
                audio = delta.__pydantic_extra__.get("audio")  # an extra on 1.x
            if audio is not None:
                data = audio["data"] if type(audio) is dict else audio.data
                b64decode(data) if data else None
                audio["transcript"] if type(audio) is dict else audio.transcript


def floor_w2_dict(items: list[Any]) -> None:
    for c in items:
        choices = c.get("choices")
        delta = choices[0].get("delta") if choices else None
        (delta.get("content") or "") if delta else ""
        [choice["finish_reason"] for choice in choices if choice.get("finish_reason")] if choices else []
        c.get("model")
        c.get("id")
        usage = c.get("usage")
        if usage:
            usage.get("prompt_tokens")
            usage.get("completion_tokens")
            details = usage.get("prompt_tokens_details")
            details.get("cached_tokens") if details else None
        if delta:
            audio = delta.get("audio")
            if audio:
                data = audio.get("data")
                b64decode(data) if data else None
                audio.get("transcript")


def w3_cached_read(wrappers: list[Any]) -> None:
    for w in wrappers:
        w.content


def w3_plain_property(holders: list[Any]) -> None:
    for h in holders:
        h.content


def json_then(parse: Callable[[Any], Any], wrapper: Callable[[Any], Any]) -> Callable[[list[bytes]], None]:
    """W4: JSON bytes to the W2 values through ``parse`` and ``wrapper``."""
    w2 = make_w2(lambda raw: wrapper(parse(json.loads(raw))))
    return w2


def fold_chunkwrap(stream: list[Any]) -> None:
    acc = StreamAccumulator()
    for chunk in stream:
        acc.add(chunk)
    acc.to_dict()


def fold_floor_dict(stream: list[Any]) -> None:
    """Content, tool calls, finish reasons and usage folded inline from dicts."""
    parts: dict[int, list[str]] = {}
    calls: dict[tuple[int, int], list[Any]] = {}
    reasons: dict[int, str] = {}
    usage = None
    for chunk in stream:
        for choice in chunk.get("choices") or ():
            index = choice["index"]
            delta = choice.get("delta") or {}
            content = delta.get("content")
            if content:
                parts.setdefault(index, []).append(content)
            for call in delta.get("tool_calls") or ():
                entry = calls.setdefault((index, call["index"]), [call.get("id"), [], []])
                function = call.get("function") or {}
                entry[1].append(function.get("name") or "")
                entry[2].append(function.get("arguments") or "")
            if choice.get("finish_reason"):
                reasons[index] = choice["finish_reason"]
        if chunk.get("usage"):
            usage = chunk["usage"]
    {i: "".join(p) for i, p in parts.items()}, {k: "".join(v[2]) for k, v in calls.items()}, reasons, usage


def fold_floor_sdk(stream: list[Any]) -> None:
    """The same fold from SDK objects."""
    parts: dict[int, list[str]] = {}
    calls: dict[tuple[int, int], list[Any]] = {}
    reasons: dict[int, str] = {}
    usage = None
    for chunk in stream:
        for choice in chunk.choices:
            delta = choice.delta
            if delta.content:
                parts.setdefault(choice.index, []).append(delta.content)
            for call in delta.tool_calls or ():
                entry = calls.setdefault((choice.index, call.index), [call.id, [], []])
                if call.function is not None:
                    entry[1].append(call.function.name or "")
                    entry[2].append(call.function.arguments or "")
            if choice.finish_reason:
                reasons[choice.index] = choice.finish_reason
        if chunk.usage is not None:
            usage = chunk.usage
    {i: "".join(p) for i, p in parts.items()}, {k: "".join(v[2]) for k, v in calls.items()}, reasons, usage


def fold_sdk_state(stream: list[Any]) -> None:
    try:
        from openai.lib.streaming.chat import ChatCompletionStreamState

        state: Any = ChatCompletionStreamState()
    except ImportError:  # public since openai 1.56; both arguments required before
        from openai import NOT_GIVEN
        from openai.lib.streaming.chat._completions import ChatCompletionStreamState as Private

        state = Private(input_tools=NOT_GIVEN, response_format=NOT_GIVEN)
    for chunk in stream:
        state.handle_chunk(chunk)
    state.current_completion_snapshot


WRAPPERS = {"sdk": OpenAICallResponseChunk, "dict": OpenAIDictChunk}
