"""``OpenAIDictChunk``: a chunk parsed from JSON, never copied, never validated up front.

The fast paths trust plain ``dict``s nested the way OpenAI-compatible
servers send them; anything else (a missing level, a null, a wrong type,
another Mapping) goes to the general path in ``_read.py``.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from . import _read
from ._lazy import (
    AUDIO,
    AUDIO_TRANSCRIPT,
    CACHED_TOKENS,
    CONTENT,
    FINISH_REASONS,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    cached,
)
from ._wrapper import ChunkWrapper


def _first_delta(chunk: Any) -> Any:
    """The first choice's delta dict, None for no choices, or UNSET for an odd shape."""
    choices = chunk.get("choices")
    if type(choices) is list:
        if not choices:
            return None
        choice = choices[0]
        if type(choice) is dict:
            delta = choice.get("delta")
            if type(delta) is dict or delta is None:
                return delta
    elif choices is None:
        return None
    return _ODD


_ODD: Any = object()


def _usage_count(chunk: Any, name: str) -> int | None:
    found = chunk.get("usage")
    if type(found) is dict:
        value = found.get(name)
        if type(value) is int:
            return value
    elif found is None and "x_groq" not in chunk:
        return None
    return _read.usage_count(chunk, name)


# getstate_setstate=False: keep the base class's pickling, which drops the cache.
@attrs.frozen(init=False, weakref_slot=False, getstate_setstate=False)
class OpenAIDictChunk(ChunkWrapper[Mapping[str, Any]]):
    """A lazy view of one chat-completion chunk parsed from JSON (a Mapping).

    ``.chunk`` is the very mapping passed in. Gives the same answers as
    :class:`OpenAICallResponseChunk` gives for the SDK's model of it.
    """

    @property
    @cached(CONTENT)
    def content(self) -> str:
        """``choices[0].delta.content``; "" when null, absent, or there are no choices."""
        delta = _first_delta(self.chunk)
        if type(delta) is dict:
            content = delta.get("content")
            if type(content) is str:
                return content
            if content is None:
                return ""
        elif delta is None:
            return ""
        return _read.content(self.chunk)

    @property
    @cached(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """Every choice's ``finish_reason``, in order, skipping null and ""."""
        choices = self.chunk.get("choices")
        if type(choices) is list:
            reasons: list[str] = []
            for choice in choices:
                if type(choice) is not dict:
                    break
                reason = choice.get("finish_reason")
                if type(reason) is str:
                    if reason:
                        reasons.append(reason)
                elif reason is not None:
                    break
            else:
                return reasons
        elif choices is None:
            return []
        return _read.finish_reasons(self.chunk)

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

    @property
    def usage(self) -> Any:
        """The chunk's own usage dict (Groq: ``x_groq.usage``), or None."""
        found = self.chunk.get("usage")
        if type(found) is dict and found:
            return found
        return _read.usage(self.chunk)

    @property
    @cached(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """``usage.prompt_tokens`` (Groq: ``x_groq.usage``), else None."""
        return _usage_count(self.chunk, "prompt_tokens")

    @property
    @cached(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``usage.completion_tokens`` (Groq: ``x_groq.usage``), else None."""
        return _usage_count(self.chunk, "completion_tokens")

    @property
    @cached(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``usage.prompt_tokens_details.cached_tokens``, else DeepSeek's
        ``prompt_cache_hit_tokens``, else None."""
        found = self.chunk.get("usage")
        if found is None and "x_groq" not in self.chunk:
            return None
        if type(found) is dict:
            details = found.get("prompt_tokens_details")
            if type(details) is dict:
                value = details.get("cached_tokens")
                if type(value) is int:
                    return value
        return _read.cached_tokens(self.chunk)

    @property
    @cached(AUDIO)
    def audio(self) -> bytes | None:
        """``choices[0].delta.audio.data``, base64-decoded once; else None."""
        delta = _first_delta(self.chunk)
        if delta is None or (type(delta) is dict and "audio" not in delta):
            return None
        return _read.audio(self.chunk)

    @property
    @cached(AUDIO_TRANSCRIPT)
    def audio_transcript(self) -> str | None:
        """``choices[0].delta.audio.transcript``, else None."""
        delta = _first_delta(self.chunk)
        if delta is None or (type(delta) is dict and "audio" not in delta):
            return None
        return _read.audio_transcript(self.chunk)
