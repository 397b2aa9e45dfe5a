"""``OpenAICallResponseChunk``: openai SDK chunks, and objects shaped like them.

The shape-specific part of the wrapper: one fast pass over the attributes
the SDK guarantees, with an exact type check on every value it keeps.
Anything else (a missing attribute, a wrong type, a foreign object that
raises) is left to the general path in ``_read.py``.
"""

# This module reads foreign objects, whose attribute types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionChunk  # noqa: F401 - named in the base class below


def _count(value: Any) -> Any:
    return value if value is None or type(value) is int else ODD


# Whatever an odd or foreign object raises in a scan, the general path
# reads the same field again and names the problem: ODD says so.


def _scan_content(chunk: Any, cache: list[Any]) -> None:
    content = ODD
    try:
        choices = chunk.choices
        if type(choices) is list:
            if choices:
                content = choices[0].delta.content
                if content is None:
                    content = ""
                elif type(content) is not str:
                    content = ODD
            else:
                content = ""
    except Exception:
        pass
    cache[CONTENT] = content


def _scan_audio(chunk: Any, cache: list[Any]) -> None:
    audio = ODD
    try:
        choices = chunk.choices
        if type(choices) is list:
            if choices:
                delta = choices[0].delta
                # getattr(delta, "audio", None) raises inside pydantic on
                # openai 1.x when audio is absent (~2.8 us, half of
                # Mirascope's per-chunk cost). The model's __dict__ (openai
                # 2.x+: a typed field) and its extras (1.x: a dict) answer
                # in ~60 ns.
                audio = delta.__dict__.get("audio")
                if audio is None:
                    extra = delta.__pydantic_extra__
                    audio = extra.get("audio") if extra else None
                if audio is not None and not _read.is_record(audio):
                    audio = ODD
            else:
                audio = None
    except Exception:
        pass
    cache[AUDIO_OBJECT] = audio


def _scan_finish_reasons(chunk: Any, cache: list[Any]) -> None:
    cache[FINISH_REASONS] = ODD
    try:
        choices = chunk.choices
        if type(choices) is list:
            reasons: list[str] = []
            for choice in choices:
                reason = choice.finish_reason
                if reason is not None:
                    if type(reason) is not str:
                        return
                    if reason:
                        reasons.append(reason)
            cache[FINISH_REASONS] = reasons
    except Exception:
        pass


def _scan_usage(chunk: Any, cache: list[Any]) -> None:
    """The usage object and the three token counts: one look at ``usage``."""
    usage = prompt = completion = cached = ODD
    try:
        usage = chunk.usage
        if usage is None:
            if chunk.__pydantic_extra__:
                usage = ODD  # Groq puts usage in x_groq, an extra
            else:
                prompt = completion = cached = None
        elif _read.is_record(usage):
            prompt = _count(usage.prompt_tokens)
            completion = _count(usage.completion_tokens)
            details = usage.prompt_tokens_details
            if details is not None:
                cached = details.cached_tokens
                # None here may mean DeepSeek's prompt_cache_hit_tokens
                cached = cached if type(cached) is int else ODD
        else:
            usage = ODD
    except Exception:
        pass
    cache[USAGE_OBJECT] = usage
    cache[INPUT_TOKENS] = prompt
    cache[OUTPUT_TOKENS] = completion
    cache[CACHED_TOKENS] = cached


# getstate_setstate=False: keep the base class's pickling, which drops the cache.
@attrs.frozen(init=False, weakref_slot=False, getstate_setstate=False)
class OpenAICallResponseChunk(ChunkWrapper["ChatCompletionChunk"]):
    """A lazy view of an ``openai.types.chat.ChatCompletionChunk``.

    Any object with the same attributes works too. Construction reads
    nothing; each computed property is read from the chunk once and kept.
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
        try:
            model = self.chunk.model
            if type(model) is str:
                return model
        except Exception:
            pass
        return _read.text(self.chunk, "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        try:
            id_ = self.chunk.id
            if type(id_) is str:
                return id_
        except Exception:
            pass
        return _read.text(self.chunk, "id", "id")
