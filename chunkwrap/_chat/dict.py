"""``OpenAIDictChunk``: a chunk parsed from JSON, never copied, never validated up front.

The shape-specific part of the wrapper: one fast pass that trusts plain
``dict``s nested the way OpenAI-compatible servers send them. Anything else
(a missing level, a null, a wrong type, another Mapping) is left to the
general path in ``_chat/read.py``.
"""

# This module reads untyped JSON, whose element types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._core import read as _read
from .._core.lazy import (
    AUDIO,
    AUDIO_OBJECT,
    AUDIO_TRANSCRIPT,
    CACHED_TOKENS,
    CHUNK,
    CONTENT,
    FINISH_REASONS,
    GENERAL,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    UNSET,
    USAGE_OBJECT,
    int_or_general,
)
from . import read as chat_read
from .wrapper import ChunkWrapper


# eq, getstate_setstate and repr False: keep the base class's equality and
# hash (the chunk, and the same class), pickling (the chunk only) and repr
# (attrs', of the chunk field). Not generating eq and hash again saves ~0.1 ms
# of import per class (W6, ``python -X importtime``).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class OpenAIDictChunk(ChunkWrapper[Mapping[str, Any]]):
    """A lazy view of one chat-completion chunk parsed from JSON (a Mapping).

    ``.chunk`` is the very mapping passed in. Gives the same answers as
    :class:`OpenAICallResponseChunk` gives for the SDK's model of it.
    """

    @property
    def content(self) -> str:
        """``choices[0].delta.content``; "" when null, absent, or there are no choices."""
        content = self._cache[CONTENT]
        if content is UNSET:
            # The list goes in a local only here: on a repeated read the
            # store and load cost ~3 ns of ~65 (micro case "read-local").
            cache = self._cache
            chunk = cache[CHUNK]
            choices = chunk.get("choices") if type(chunk) is dict else UNSET
            if type(choices) is list:
                if not choices:
                    content = ""
                elif type(choices[0]) is dict:
                    delta = choices[0].get("delta")
                    if delta is None:
                        content = ""  # Azure's last chunk has no delta
                    elif type(delta) is dict:
                        content = delta.get("content")
                        if content is None:
                            content = ""  # a tool-call, audio or finish chunk
            elif choices is None:
                content = ""
            if type(content) is not str:
                content = chat_read.content(chunk)  # the rest: "" or a ChunkError
            cache[CONTENT] = content
        return content  # type: ignore[no-any-return]

    def _scan(self, chunk: Any, cache: list[Any]) -> None:
        # The contract: GENERAL's docstring in _core/lazy.py.
        reasons = audio = GENERAL
        choices = chunk.get("choices") if type(chunk) is dict else GENERAL
        if choices is None:
            reasons, audio = [], None  # Fireworks' usage-only chunks have no choices
        elif type(choices) is list:
            if not choices:
                reasons, audio = [], None
            elif type(choices[0]) is dict:
                first = choices[0]
                delta = first.get("delta")  # Azure's last chunk has none
                if delta is None:
                    audio = None
                elif type(delta) is dict:
                    audio = delta.get("audio")
                    if audio is not None and type(audio) is not dict:
                        audio = GENERAL
                # One choice a chunk is the rule, even for n > 1 (OpenAI
                # sends each choice in its own chunk); the general path
                # answers the rare chunk with several. No loop: ~77 ns
                # against ~88 (micro case "finish-reasons").
                if len(choices) == 1:
                    reason = first.get("finish_reason")
                    if not reason:
                        reasons = [] if reason is None or reason == "" else GENERAL
                    elif type(reason) is str:
                        reasons = [reason]
        cache[FINISH_REASONS] = reasons
        cache[AUDIO_OBJECT] = audio
        if audio is None:
            # Most chunks carry no audio: answer both audio properties now,
            # so their first reads are cache hits (micro case "audio-answered":
            # 0 to 60 ns a wrapper less than computing them, near the noise).
            cache[AUDIO] = cache[AUDIO_TRANSCRIPT] = None

        usage = prompt = completion = cached = GENERAL
        if type(chunk) is dict:
            usage = chunk.get("usage")
            if type(usage) is dict and usage:
                prompt = int_or_general(usage.get("prompt_tokens"))
                completion = int_or_general(usage.get("completion_tokens"))
                details = usage.get("prompt_tokens_details")
                if type(details) is dict:
                    cached = details.get("cached_tokens")
                    # None here may mean DeepSeek's prompt_cache_hit_tokens
                    cached = cached if type(cached) is int else GENERAL
            elif usage is None and "x_groq" not in chunk:
                prompt = completion = cached = None
            else:
                usage = GENERAL  # Groq's x_groq.usage, an empty or odd usage
        cache[USAGE_OBJECT] = usage
        cache[INPUT_TOKENS] = prompt
        cache[OUTPUT_TOKENS] = completion
        cache[CACHED_TOKENS] = cached

    @property
    def model(self) -> str | None:
        """The chunk's ``model``, read through each time."""
        chunk = self._cache[CHUNK]
        model = chunk.get("model") if type(chunk) is dict else None
        if type(model) is str:
            return model
        return _read.text(chunk, "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        chunk = self._cache[CHUNK]
        id_ = chunk.get("id") if type(chunk) is dict else None
        if type(id_) is str:
            return id_
        return _read.text(chunk, "id", "id")
