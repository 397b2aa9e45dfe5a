"""``OpenAICallResponseChunk``: openai SDK chunks, and objects shaped like them.

The shape-specific part of the wrapper: one fast pass over the attributes
the SDK guarantees, with an exact type check on every value it keeps.
Anything else (a missing attribute, a wrong type, a foreign object that
raises) is left to the general path in ``_chat/read.py``.
"""

# This module reads foreign objects, whose attribute types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionChunk  # noqa: F401 - named in the base class below


# eq, getstate_setstate and repr False: keep the base class's equality and
# hash (the chunk, and the same class), pickling (the chunk only) and repr
# (attrs', of the chunk field). Not generating eq and hash again saves ~0.1 ms
# of import per class (W6, ``python -X importtime``).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class OpenAICallResponseChunk(ChunkWrapper["ChatCompletionChunk"]):
    """A lazy view of an ``openai.types.chat.ChatCompletionChunk``.

    Any object with the same attributes works too. Construction reads
    nothing; each computed property is read from the chunk once and kept.
    """

    @property
    def content(self) -> str:
        """``choices[0].delta.content``; "" when None or there are no choices."""
        content = self._cache[CONTENT]
        if content is UNSET:
            # The list goes in a local only here: on a repeated read the
            # store and load cost a few ns (as in OpenAIDictChunk.content).
            cache = self._cache
            try:
                choices = cache[CHUNK].choices
                if type(choices) is list:
                    content = choices[0].delta.content if choices else ""
                    if content is None:
                        content = ""
            except Exception:
                pass
            if type(content) is not str:
                content = chat_read.content(cache[CHUNK])  # raises, naming the field
            cache[CONTENT] = content
        return content  # type: ignore[no-any-return]

    def _scan(self, chunk: Any, cache: list[Any]) -> None:
        # The contract: GENERAL's docstring in _core/lazy.py.
        reasons = audio = GENERAL
        try:
            choices = chunk.choices
            if type(choices) is list:
                if choices:
                    first = choices[0]
                    delta = first.delta
                    # getattr(delta, "audio", None) raises inside pydantic on
                    # openai 1.x when audio is absent (~2.1 us a miss, half of
                    # Mirascope's per-chunk cost). The model's __dict__ (openai
                    # 2.x+: a typed field) and its extras (1.x: a dict) answer
                    # in ~90 ns (micro case "pydantic-missing-attr").
                    audio = delta.__dict__.get("audio")
                    if audio is None:
                        extra = delta.__pydantic_extra__
                        audio = extra.get("audio") if extra else None
                    if audio is not None and not _read.is_record(audio):
                        audio = GENERAL
                    # One choice a chunk is the rule, even for n > 1 (OpenAI
                    # sends each choice in its own chunk); the general path
                    # answers the rare chunk with several. No loop
                    # (micro case "finish-reasons").
                    if len(choices) == 1:
                        reason = first.finish_reason
                        if not reason:
                            reasons = [] if reason is None or reason == "" else GENERAL
                        elif type(reason) is str:
                            reasons = [reason]
                else:
                    audio = None
                    reasons = []
        except Exception:
            pass
        cache[FINISH_REASONS] = reasons
        cache[AUDIO_OBJECT] = audio
        if audio is None:
            # No audio: both audio properties answered now, as in _chat/dict.py.
            cache[AUDIO] = cache[AUDIO_TRANSCRIPT] = None

        usage = prompt = completion = cached = GENERAL
        try:
            found = chunk.usage
            if found is None:
                if not chunk.__pydantic_extra__:  # else Groq's x_groq.usage, maybe
                    usage = prompt = completion = cached = None
            else:
                # A string, number or list has no prompt_tokens: it raises
                # here, and the general path names it (an is_record() test
                # first: ~450 ns a usage chunk, micro case "is-record").
                prompt = int_or_general(found.prompt_tokens)
                usage = found
                completion = int_or_general(found.completion_tokens)
                details = found.prompt_tokens_details
                if details is not None:
                    cached = details.cached_tokens
                    # None here may mean DeepSeek's prompt_cache_hit_tokens
                    cached = cached if type(cached) is int else GENERAL
        except Exception:
            pass
        cache[USAGE_OBJECT] = usage
        cache[INPUT_TOKENS] = prompt
        cache[OUTPUT_TOKENS] = completion
        cache[CACHED_TOKENS] = cached

    @property
    def model(self) -> str | None:
        """The chunk's ``model``, read through each time."""
        try:
            model = self._cache[CHUNK].model
            if type(model) is str:
                return model
        except Exception:
            pass
        return _read.text(self._cache[CHUNK], "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        try:
            id_ = self._cache[CHUNK].id
            if type(id_) is str:
                return id_
        except Exception:
            pass
        return _read.text(self._cache[CHUNK], "id", "id")
