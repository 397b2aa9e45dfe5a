"""What a Chat Completions chunk means, read by the general path.

The questions each wrapper's fast path answers for the shape it trusts
(``_chat/openai.py``, ``_chat/dict.py``), asked here of any shape through the
reading core (``_core/read.py``): the choices, the first delta's text, tool
calls and audio, the finish reasons, and usage where OpenAI, Groq
(``x_groq.usage``), DeepSeek and OpenRouter put it.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from typing import Any, Callable

from .._core.errors import ChunkError
from .._core.read import (
    count_in_usage,
    detail_in_usage,
    field,
    is_record,
    items,
    number,
    record,
    text,
    wrong,
)


def choices(chunk: Any) -> list[Any]:
    """The chunk's choices, each checked to be an object."""
    found = items(chunk, "choices", "choices")
    for i, choice in enumerate(found):
        if not is_record(choice):
            raise wrong(f"choices[{i}]", "an object", choice)
    return found


def first_delta(chunk: Any) -> Any:
    """``choices[0].delta``, or None when there is no first choice or delta.

    Only the first choice is checked: a bad second choice is finish_reasons'
    error, not content's (the fast scans read choice 0 alone, and agree).
    """
    if type(chunk) is dict:
        # JSON as sent, read inline: the calls per level below cost a dict's
        # first .refusal ~1.45 us, construction included; this ~0.85 (micro
        # case "first-read-refusal").
        found = chunk.get("choices")
        if type(found) is list and found and type(found[0]) is dict:
            delta = found[0].get("delta")
            if delta is None or type(delta) is dict:
                return delta
    found = items(chunk, "choices", "choices")
    if not found:
        return None
    if not is_record(found[0]):
        raise wrong("choices[0]", "an object", found[0])
    return record(found[0], "delta", "choices[0].delta")


def delta_text(chunk: Any, name: str) -> str:
    """A string field of the first delta; "" when absent."""
    delta = first_delta(chunk)
    return "" if delta is None else _text_in(delta, name)


def _text_in(delta: Any, name: str) -> str:
    if type(delta) is dict:
        value = delta.get(name)
        if value is None:
            return ""
        if type(value) is str:
            return value
    return text(delta, name, f"choices[0].delta.{name}") or ""


def content(chunk: Any) -> str:
    """``choices[0].delta.content``; a list of parts (Mistral) gives its text parts joined."""
    delta = first_delta(chunk)
    if delta is None:
        return ""
    path = "choices[0].delta.content"
    found = field(delta, "content", path)
    if isinstance(found, (list, tuple)):
        return content_parts(found, path)[0]
    return text(delta, "content", path) or ""


def content_parts(parts: Any, path: str) -> tuple[str, str]:
    """(text, reasoning) of a content given as a list of parts, as Mistral's
    reasoning models send it: ``{"type": "text", "text": ...}`` parts, and
    ``{"type": "thinking", "thinking": [{"type": "text", "text": ...}]}``.
    Parts of other types (references, images) carry no text and are passed over.
    """
    texts: list[str] = []
    thoughts: list[str] = []
    for i, part in enumerate(parts):
        at = f"{path}[{i}]"
        if not is_record(part):
            raise wrong(at, "an object", part)
        kind = text(part, "type", f"{at}.type")
        if kind == "text":
            texts.append(text(part, "text", f"{at}.text") or "")
        elif kind == "thinking":
            thinking = field(part, "thinking", f"{at}.thinking")
            if isinstance(thinking, (list, tuple)):
                thoughts.append(content_parts(thinking, f"{at}.thinking")[0])
            else:
                thoughts.append(text(part, "thinking", f"{at}.thinking") or "")
    return "".join(texts), "".join(thoughts)


def refusal(chunk: Any) -> str:
    return delta_text(chunk, "refusal")


def reasoning(chunk: Any) -> str:
    """DeepSeek and older vLLM say ``reasoning_content``; OpenRouter, Ollama and
    newer vLLM ``reasoning``; Mistral sends thinking parts in ``content``."""
    delta = first_delta(chunk)  # once, not once a name: it is most of the read
    if delta is None:
        return ""
    found = _text_in(delta, "reasoning_content") or _text_in(delta, "reasoning")
    if found:
        return found
    parts = field(delta, "content", "choices[0].delta.content")
    if isinstance(parts, (list, tuple)):
        return content_parts(parts, "choices[0].delta.content")[1]
    return ""


def tool_calls(chunk: Any) -> list[Any]:
    delta = first_delta(chunk)
    if delta is None:
        return []
    return items(delta, "tool_calls", "choices[0].delta.tool_calls")


def finish_reasons(chunk: Any) -> list[str]:
    """Every choice's finish reason, in order; None and "" (Ollama) mean none."""
    reasons: list[str] = []
    for i, choice in enumerate(choices(chunk)):
        reason = text(choice, "finish_reason", f"choices[{i}].finish_reason")
        if reason:
            reasons.append(reason)
    return reasons


def usage_and_path(chunk: Any) -> tuple[Any, str]:
    """The usage object and where it was found.

    Groq puts usage under ``x_groq.usage`` when the top level has none.
    An empty usage reads as none, as in Mirascope.
    """
    found = record(chunk, "usage", "usage")
    if found:
        return found, "usage"
    groq = record(chunk, "x_groq", "x_groq")
    if groq is not None:
        found = record(groq, "usage", "x_groq.usage")
        if found:
            return found, "x_groq.usage"
    return None, "usage"


def usage(chunk: Any) -> Any:
    return usage_and_path(chunk)[0]


def usage_count(chunk: Any, name: str) -> int | None:
    found, path = usage_and_path(chunk)
    return count_in_usage(found, path, name)


def input_tokens(chunk: Any) -> int | None:
    return usage_count(chunk, "prompt_tokens")


def output_tokens(chunk: Any) -> int | None:
    return usage_count(chunk, "completion_tokens")


def cached_tokens(chunk: Any) -> int | None:
    return cached_in_usage(*usage_and_path(chunk))


def reasoning_tokens(chunk: Any) -> int | None:
    return detail_in_usage(*usage_and_path(chunk), "completion_tokens_details", "reasoning_tokens")


def cost(chunk: Any) -> float | int | None:
    return cost_in_usage(*usage_and_path(chunk))


def cached_in_usage(found: Any, path: str) -> int | None:
    """OpenAI's ``prompt_tokens_details.cached_tokens``, else DeepSeek's ``prompt_cache_hit_tokens``."""
    cached = detail_in_usage(found, path, "prompt_tokens_details", "cached_tokens")
    if cached is None:
        return count_in_usage(found, path, "prompt_cache_hit_tokens")
    return cached


def cost_in_usage(found: Any, path: str) -> float | int | None:
    """OpenRouter reports the call's price as ``usage.cost``."""
    if found is None:
        return None
    return number(found, "cost", f"{path}.cost")


def first_audio(chunk: Any) -> Any:
    delta = first_delta(chunk)
    if delta is None:
        return None
    return record(delta, "audio", "choices[0].delta.audio")


def decode_audio(data: str | None, path: str) -> bytes | None:
    """Base64 text to bytes; "" and None mean no audio.

    ``validate=True``: without it b64decode drops stray characters and
    returns wrong bytes instead of failing.
    """
    if not data:
        return None
    try:
        return _b64decode()(data, validate=True)
    except ValueError as exc:  # binascii.Error is one
        raise ChunkError(path, f"not valid base64 ({exc})") from None


@functools.cache
def _b64decode() -> Callable[..., bytes]:
    """``base64.b64decode``, imported by the first audio chunk, then kept.

    Not at import: base64 brings struct and binascii, ~2 ms of
    ``import chunkwrap`` (W6). Not an import statement in decode_audio: that
    ran on every audio chunk, ~600 ns against this call's ~35 (micro case
    "lazy-import").
    """
    from base64 import b64decode  # noqa: PLC0415 - see the docstring

    return b64decode
