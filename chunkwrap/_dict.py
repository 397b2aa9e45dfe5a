"""``OpenAIDictChunk``: a chunk parsed from JSON, never copied, never validated up front.

The shape-specific part of the wrapper: one fast pass that trusts plain
``dict``s nested the way OpenAI-compatible servers send them. Anything else
(a missing level, a null, a wrong type, another Mapping) is left to the
general path in ``_read.py``.
"""

# This module reads untyped JSON, whose element types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from . import _read
from ._lazy import (
    AUDIO_OBJECT,
    CACHED_TOKENS,
    CONTENT,
    FINISH_REASONS,
    INPUT_TOKENS,
    ODD,
    OUTPUT_TOKENS,
    USAGE_OBJECT,
)
from ._wrapper import ChunkWrapper, _scanners_by_slot


def _count(value: Any) -> Any:
    return value if value is None or type(value) is int else ODD


def _first_delta(chunk: Any) -> Any:
    """``choices[0].delta`` as a dict, None when there is none, or ODD."""
    if type(chunk) is not dict:
        return ODD
    choices = chunk.get("choices")
    if choices is None:
        return None  # Fireworks' usage-only chunks have no choices at all
    if type(choices) is not list:
        return ODD
    if not choices:
        return None
    choice = choices[0]
    if type(choice) is not dict:
        return ODD
    delta = choice.get("delta")  # Azure's last chunk has none
    return delta if delta is None or type(delta) is dict else ODD


def _scan_content(chunk: Any, cache: list[Any]) -> None:
    delta = _first_delta(chunk)
    if delta is None:
        cache[CONTENT] = ""
    elif delta is ODD:
        cache[CONTENT] = ODD
    else:
        content = delta.get("content")
        cache[CONTENT] = "" if content is None else content if type(content) is str else ODD


def _scan_audio(chunk: Any, cache: list[Any]) -> None:
    delta = _first_delta(chunk)
    audio = delta if delta is None or delta is ODD else delta.get("audio")
    cache[AUDIO_OBJECT] = audio if audio is None or type(audio) is dict else ODD


def _scan_finish_reasons(chunk: Any, cache: list[Any]) -> None:
    choices = chunk.get("choices") if type(chunk) is dict else ODD
    if choices is None:
        cache[FINISH_REASONS] = []
        return
    cache[FINISH_REASONS] = ODD
    if type(choices) is list:
        reasons: list[str] = []
        for choice in choices:
            if type(choice) is not dict:
                return
            reason = choice.get("finish_reason")
            if reason is not None:
                if type(reason) is not str:
                    return
                if reason:
                    reasons.append(reason)
        cache[FINISH_REASONS] = reasons


def _scan_usage(chunk: Any, cache: list[Any]) -> None:
    """The usage object and the three token counts: one look at ``usage``."""
    usage = prompt = completion = cached = ODD
    if type(chunk) is dict:
        usage = chunk.get("usage")
        if type(usage) is dict and usage:
            prompt = _count(usage.get("prompt_tokens"))
            completion = _count(usage.get("completion_tokens"))
            details = usage.get("prompt_tokens_details")
            if type(details) is dict:
                cached = details.get("cached_tokens")
                # None here may mean DeepSeek's prompt_cache_hit_tokens
                cached = cached if type(cached) is int else ODD
        elif usage is None and "x_groq" not in chunk:
            prompt = completion = cached = None
        else:
            usage = ODD  # Groq's x_groq.usage, an empty or odd usage
    cache[USAGE_OBJECT] = usage
    cache[INPUT_TOKENS] = prompt
    cache[OUTPUT_TOKENS] = completion
    cache[CACHED_TOKENS] = cached


# getstate_setstate=False: keep the base class's pickling, which drops the cache.
@attrs.frozen(init=False, weakref_slot=False, getstate_setstate=False)
class OpenAIDictChunk(ChunkWrapper[Mapping[str, Any]]):
    """A lazy view of one chat-completion chunk parsed from JSON (a Mapping).

    ``.chunk`` is the very mapping passed in. Gives the same answers as
    :class:`OpenAICallResponseChunk` gives for the SDK's model of it.
    """

    _scanners = _scanners_by_slot(
        content=_scan_content,
        finish_reasons=_scan_finish_reasons,
        audio=_scan_audio,
        usage=_scan_usage,
    )

    @property
    def model(self) -> str | None:
        """The chunk's ``model``, read through each time."""
        model = self.chunk.get("model")
        if type(model) is str:
            return model
        return _read.text(self.chunk, "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        id_ = self.chunk.get("id")
        if type(id_) is str:
            return id_
        return _read.text(self.chunk, "id", "id")
