"""What both chunk wrappers share: storage, the cache, and the derived answers.

Every property is defined here. The subclasses (``_openai.py`` for SDK
objects, ``_dict.py`` for parsed JSON) add only what depends on the shape:
``_scan``, one fast pass for the values read on every chunk, and the plain
reads of ``model`` and ``id``. Anything a fast path does not trust goes to
the general path in ``_read.py``, which reads every shape and names a bad
field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Generic, TypeVar

import attrs

from . import _read
from ._lazy import (
    AUDIO,
    AUDIO_OBJECT,
    AUDIO_TRANSCRIPT,
    CACHED_TOKENS,
    COMMON_FINISH_REASONS,
    COMMON_USAGE,
    CONTENT,
    COST_METADATA,
    FINISH_REASONS,
    INPUT_TOKENS,
    ODD,
    OUTPUT_TOKENS,
    REASONING,
    REASONING_TOKENS,
    REFUSAL,
    SIZE,
    TOOL_CALLS,
    UNSET,
    USAGE_OBJECT,
    cached,
)
from ._values import CostMetadata, FinishReason, Usage, common_finish_reasons, common_usage

_ChunkT = TypeVar("_ChunkT")

_FRESH_CACHE = [UNSET] * SIZE


@attrs.frozen(init=False, weakref_slot=False)
class ChunkWrapper(Generic[_ChunkT]):
    """A lazy, caching view of one streamed chat-completion chunk."""

    chunk: _ChunkT
    _cache: list[Any] = attrs.field(eq=False, repr=False, hash=False)

    # attrs' generated frozen __init__ costs ~290 ns (two object.__setattr__
    # calls); storing through the slot descriptors directly costs ~150.
    def __init__(self, chunk: _ChunkT) -> None:
        _set_chunk(self, chunk)
        _set_cache(self, _FRESH_CACHE.copy())

    # The cache is a private memo: copies and pickles carry the chunk only,
    # so they never share a list and never hold the "unset" mark.
    def __getstate__(self) -> dict[str, Any]:
        return {"chunk": self.chunk}

    def __setstate__(self, state: dict[str, Any]) -> None:
        _set_chunk(self, state["chunk"])
        _set_cache(self, _FRESH_CACHE.copy())

    def __str__(self) -> str:
        return self.content

    # The values a stream consumer reads on every chunk are filled by fast
    # scans that each subclass writes for the shape it wraps; one scan fills
    # the usage object and all three token counts from a single look.
    _scanners: ClassVar[tuple[Scanner | None, ...]] = ()

    def _scanned(self, index: int) -> Any:
        cache = self._cache
        if cache[index] is UNSET:
            self._scanners[index](self.chunk, cache)  # type: ignore[misc]
        value = cache[index]
        if value is ODD:
            value = cache[index] = _GENERAL_PATH[index](self.chunk)
        return value

    @property
    def content(self) -> str:
        """``choices[0].delta.content``; "" when None or there are no choices."""
        value = self._cache[CONTENT]
        if value is UNSET or value is ODD:
            value = self._scanned(CONTENT)
        return value  # type: ignore[no-any-return]

    @property
    def finish_reasons(self) -> list[str]:
        """Every choice's ``finish_reason``, in order, skipping None and "" (Ollama)."""
        value = self._cache[FINISH_REASONS]
        if value is UNSET or value is ODD:
            value = self._scanned(FINISH_REASONS)
        return value  # type: ignore[no-any-return]

    @property
    def usage(self) -> Any:
        """The chunk's own usage object (Groq: ``x_groq.usage``), or None."""
        value = self._cache[USAGE_OBJECT]
        if value is UNSET or value is ODD:
            value = self._scanned(USAGE_OBJECT)
        return value

    @property
    def input_tokens(self) -> int | None:
        """``usage.prompt_tokens``, else None."""
        value = self._cache[INPUT_TOKENS]
        if value is UNSET or value is ODD:
            value = self._scanned(INPUT_TOKENS)
        return value  # type: ignore[no-any-return]

    @property
    def output_tokens(self) -> int | None:
        """``usage.completion_tokens``, else None."""
        value = self._cache[OUTPUT_TOKENS]
        if value is UNSET or value is ODD:
            value = self._scanned(OUTPUT_TOKENS)
        return value  # type: ignore[no-any-return]

    @property
    def cached_tokens(self) -> int | None:
        """``usage.prompt_tokens_details.cached_tokens``, else DeepSeek's
        ``prompt_cache_hit_tokens``, else None."""
        value = self._cache[CACHED_TOKENS]
        if value is UNSET or value is ODD:
            value = self._scanned(CACHED_TOKENS)
        return value  # type: ignore[no-any-return]

    @property
    @cached(AUDIO)
    def audio(self) -> bytes | None:
        """``choices[0].delta.audio.data``, base64-decoded once; else None."""
        found = self._scanned(AUDIO_OBJECT)
        if found is None:
            return None
        path = "choices[0].delta.audio.data"
        return _read.decode_audio(_read.text(found, "data", path), path)

    @property
    @cached(AUDIO_TRANSCRIPT)
    def audio_transcript(self) -> str | None:
        """``choices[0].delta.audio.transcript``, else None."""
        found = self._scanned(AUDIO_OBJECT)
        if found is None:
            return None
        return _read.text(found, "transcript", "choices[0].delta.audio.transcript")

    if TYPE_CHECKING:
        # Plain reads, written by each subclass for its shape.
        @property
        def model(self) -> str | None: ...
        @property
        def id(self) -> str | None: ...

    @property
    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``usage.completion_tokens_details.reasoning_tokens``, else None."""
        return _read.reasoning_tokens(self.chunk)

    @property
    @cached(REASONING)
    def reasoning(self) -> str:
        """``delta.reasoning_content`` or ``delta.reasoning``; "" when none."""
        return _read.reasoning(self.chunk)

    @property
    @cached(REFUSAL)
    def refusal(self) -> str:
        """``delta.refusal``; "" when none."""
        return _read.refusal(self.chunk)

    @property
    @cached(TOOL_CALLS)
    def tool_calls(self) -> list[Any]:
        """The first delta's tool-call fragments as sent; [] when none."""
        return _read.tool_calls(self.chunk)

    @property
    def system_fingerprint(self) -> str | None:
        return _read.text(self.chunk, "system_fingerprint", "system_fingerprint")

    @property
    def service_tier(self) -> str | None:
        return _read.text(self.chunk, "service_tier", "service_tier")

    @property
    def created(self) -> int | None:
        return _read.count(self.chunk, "created", "created")

    @property
    @cached(COST_METADATA)
    def cost_metadata(self) -> CostMetadata:
        """Token counts for pricing, and the provider's own ``usage.cost`` (OpenRouter)."""
        return CostMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_tokens=self.cached_tokens,
            cost=_read.cost(self.chunk),
        )

    @property
    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """``finish_reasons`` with the legacy ``function_call`` as ``tool_calls``."""
        return common_finish_reasons(self.finish_reasons)

    @property
    @cached(COMMON_USAGE)
    def common_usage(self) -> Usage | None:
        """Provider-agnostic usage; None when no count is present."""
        return common_usage(self.input_tokens, self.cached_tokens, self.output_tokens)


Scanner = Callable[[Any, "list[Any]"], None]
"""Fills one or more cache slots with checked values, or ODD, from a chunk."""


def _scanners_by_slot(*, content: Scanner, finish_reasons: Scanner, audio: Scanner, usage: Scanner) -> tuple[Scanner | None, ...]:
    by_slot: list[Scanner | None] = [None] * SIZE
    by_slot[CONTENT] = content
    by_slot[FINISH_REASONS] = finish_reasons
    by_slot[AUDIO_OBJECT] = audio
    for index in (USAGE_OBJECT, INPUT_TOKENS, OUTPUT_TOKENS, CACHED_TOKENS):
        by_slot[index] = usage
    return tuple(by_slot)


_GENERAL_PATH: dict[int, Callable[[Any], Any]] = {
    CONTENT: _read.content,
    FINISH_REASONS: _read.finish_reasons,
    USAGE_OBJECT: _read.usage,
    INPUT_TOKENS: _read.input_tokens,
    OUTPUT_TOKENS: _read.output_tokens,
    CACHED_TOKENS: _read.cached_tokens,
    AUDIO_OBJECT: _read.first_audio,
}

_set_chunk = ChunkWrapper.__dict__["chunk"].__set__
_set_cache = ChunkWrapper.__dict__["_cache"].__set__
