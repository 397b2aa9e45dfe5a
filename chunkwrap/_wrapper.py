"""What both chunk wrappers share: storage, the cache, and the derived answers.

The subclasses (``_openai.py`` for SDK objects, ``_dict.py`` for parsed JSON)
add fast paths for the properties a stream consumer reads on every chunk;
every other property is answered here through the general path in
``_read.py``, which reads either shape.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

from . import _read
from ._lazy import (
    CACHED_TOKENS,
    COMMON_FINISH_REASONS,
    COMMON_USAGE,
    COST_METADATA,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    REASONING,
    REASONING_TOKENS,
    REFUSAL,
    SIZE,
    TOOL_CALLS,
    UNSET,
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

    # Subclasses define these with fast paths; the general path stands in
    # for type checkers and for anything that reaches this class directly.
    @property
    def content(self) -> str:
        """``choices[0].delta.content``; "" when None or there are no choices."""
        return _read.content(self.chunk)

    @property
    def finish_reasons(self) -> list[str]:
        return _read.finish_reasons(self.chunk)

    @property
    def model(self) -> str | None:
        """The chunk's ``model``, read through each time."""
        return _read.text(self.chunk, "model", "model")

    @property
    def id(self) -> str | None:
        """The chunk's ``id``, read through each time."""
        return _read.text(self.chunk, "id", "id")

    @property
    def usage(self) -> Any:
        """The chunk's own usage object (Groq: ``x_groq.usage``), or None."""
        return _read.usage(self.chunk)

    @cached(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """``usage.prompt_tokens``, else None."""
        return _read.input_tokens(self.chunk)

    @cached(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``usage.completion_tokens``, else None."""
        return _read.output_tokens(self.chunk)

    @cached(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``usage.prompt_tokens_details.cached_tokens`` (DeepSeek: ``prompt_cache_hit_tokens``), else None."""
        return _read.cached_tokens(self.chunk)

    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``usage.completion_tokens_details.reasoning_tokens``, else None."""
        return _read.reasoning_tokens(self.chunk)

    @property
    def audio(self) -> bytes | None:
        return _read.audio(self.chunk)

    @property
    def audio_transcript(self) -> str | None:
        return _read.audio_transcript(self.chunk)

    @cached(REASONING)
    def reasoning(self) -> str:
        """``delta.reasoning_content`` or ``delta.reasoning``; "" when none."""
        return _read.reasoning(self.chunk)

    @cached(REFUSAL)
    def refusal(self) -> str:
        """``delta.refusal``; "" when none."""
        return _read.refusal(self.chunk)

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

    @cached(COST_METADATA)
    def cost_metadata(self) -> CostMetadata:
        """Token counts for pricing, and the provider's own ``usage.cost`` (OpenRouter)."""
        return CostMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_tokens=self.cached_tokens,
            cost=_read.cost(self.chunk),
        )

    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """``finish_reasons`` with the legacy ``function_call`` as ``tool_calls``."""
        return common_finish_reasons(self.finish_reasons)

    @cached(COMMON_USAGE)
    def common_usage(self) -> Usage | None:
        """Provider-agnostic usage; None when no count is present."""
        return common_usage(self.input_tokens, self.cached_tokens, self.output_tokens)


_set_chunk = ChunkWrapper.__dict__["chunk"].__set__
_set_cache = ChunkWrapper.__dict__["_cache"].__set__
