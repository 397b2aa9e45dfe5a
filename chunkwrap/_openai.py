"""``OpenAICallResponseChunk``: openai SDK chunks, and objects shaped like them.

Each hot property tries the shape the SDK guarantees first (plain attribute
reads, an exact type check on the result) and hands anything else to the
general path in ``_read.py``, which checks every field and names a bad one.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionChunk  # noqa: F401 - named in the base class below

# Whatever an odd or foreign object raises on the fast path, the general
# path reads it again and turns it into a ChunkError naming the field.
_ODD_SHAPE = Exception


def _usage(chunk: Any) -> Any:
    found = chunk.usage
    if found is None and chunk.__pydantic_extra__:
        return _read.usage(chunk)  # Groq's x_groq.usage lives in the extras
    return found


def _usage_count(chunk: Any, name: str) -> int | None:
    try:
        found = _usage(chunk)
        if found is None:
            return None
        value = getattr(found, name)
        if value is None or type(value) is int:
            return value
    except _ODD_SHAPE:
        pass
    return _read.usage_count(chunk, name)


def _audio(chunk: Any) -> Any:
    """``choices[0].delta.audio``: typed on openai 2.x and newer, an extra (a dict) on 1.x."""
    choices = chunk.choices
    if type(choices) is not list:
        return _read.first_audio(chunk)
    if not choices:
        return None
    # getattr(delta, "audio", None) on openai 1.x raises inside pydantic when
    # audio is absent: ~2.8 us, half of Mirascope's per-chunk cost.
    # _read.field looks in the model's __dict__ and extras instead: ~0.1 us.
    found = _read.field(choices[0].delta, "audio")
    if found is None or _read.is_record(found):
        return found
    return _read.first_audio(chunk)  # raises, naming the field


# getstate_setstate=False: keep the base class's pickling, which drops the cache.
@attrs.frozen(init=False, weakref_slot=False, getstate_setstate=False)
class OpenAICallResponseChunk(ChunkWrapper["ChatCompletionChunk"]):
    """A lazy view of an ``openai.types.chat.ChatCompletionChunk``.

    Any object with the same attributes works too. Construction reads
    nothing; each computed property is read from the chunk once and kept.
    """

    @property
    @cached(CONTENT)
    def content(self) -> str:
        """``choices[0].delta.content``; "" when None or there are no choices."""
        try:
            choices = self.chunk.choices
            if type(choices) is list:
                if not choices:
                    return ""
                content = choices[0].delta.content
                if type(content) is str:
                    return content
                if content is None:
                    return ""
        except _ODD_SHAPE:
            pass
        return _read.content(self.chunk)

    @property
    @cached(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """Every choice's ``finish_reason``, in order, skipping None and ""."""
        try:
            choices = self.chunk.choices
            if type(choices) is list:
                reasons: list[str] = []
                for choice in choices:
                    reason = choice.finish_reason
                    if type(reason) is str:
                        if reason:
                            reasons.append(reason)
                    elif reason is not None:
                        break
                else:
                    return reasons
        except _ODD_SHAPE:
            pass
        return _read.finish_reasons(self.chunk)

    @property
    def model(self) -> str | None:
        """The chunk's ``model``, read through each time."""
        try:
            model = self.chunk.model
            if type(model) is str:
                return model
        except _ODD_SHAPE:
            pass
        return _read.text(self.chunk, "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        try:
            id_ = self.chunk.id
            if type(id_) is str:
                return id_
        except _ODD_SHAPE:
            pass
        return _read.text(self.chunk, "id", "id")

    @property
    def usage(self) -> Any:
        """The chunk's own usage object (Groq: ``x_groq.usage``), or None."""
        try:
            found = _usage(self.chunk)
            if found is None or _read.is_record(found):
                return found or None
        except _ODD_SHAPE:
            pass
        return _read.usage(self.chunk)

    @property
    @cached(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """``usage.prompt_tokens``, else None."""
        return _usage_count(self.chunk, "prompt_tokens")

    @property
    @cached(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``usage.completion_tokens``, else None."""
        return _usage_count(self.chunk, "completion_tokens")

    @property
    @cached(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``usage.prompt_tokens_details.cached_tokens``, else DeepSeek's
        ``prompt_cache_hit_tokens``, else None."""
        try:
            found = _usage(self.chunk)
            if found is None:
                return None
            details = found.prompt_tokens_details
            if details is not None:
                cached_tokens = details.cached_tokens
                if type(cached_tokens) is int:
                    return cached_tokens
        except _ODD_SHAPE:
            pass
        return _read.cached_tokens(self.chunk)

    @property
    @cached(AUDIO)
    def audio(self) -> bytes | None:
        """``choices[0].delta.audio.data``, base64-decoded once; else None."""
        try:
            found = _audio(self.chunk)
        except _ODD_SHAPE:
            return _read.audio(self.chunk)
        if found is None:
            return None
        path = "choices[0].delta.audio.data"
        return _read.decode_audio(_read.text(found, "data", path), path)

    @property
    @cached(AUDIO_TRANSCRIPT)
    def audio_transcript(self) -> str | None:
        """``choices[0].delta.audio.transcript``, else None."""
        try:
            found = _audio(self.chunk)
        except _ODD_SHAPE:
            return _read.audio_transcript(self.chunk)
        if found is None:
            return None
        return _read.text(found, "transcript", "choices[0].delta.audio.transcript")
