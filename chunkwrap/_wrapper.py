"""What both chunk wrappers share: storage, the cache, and the derived answers.

The subclasses (``_openai.py`` for SDK objects, ``_dict.py`` for parsed JSON)
compute the properties a stream consumer reads on every chunk, each with a
fast path for its shape; the others are answered here through the general
path in ``_read.py``, which reads either shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from . import _read
from ._lazy import (
    COMMON_FINISH_REASONS,
    COMMON_USAGE,
    COST_METADATA,
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

    if TYPE_CHECKING:
        # Each subclass computes these with a fast path for the shape it
        # wraps (_openai.py, _dict.py); declared here for the methods below.
        @property
        def content(self) -> str: ...
        @property
        def finish_reasons(self) -> list[str]: ...
        @property
        def model(self) -> str | None: ...
        @property
        def id(self) -> str | None: ...
        @property
        def usage(self) -> Any: ...
        @property
        def input_tokens(self) -> int | None: ...
        @property
        def output_tokens(self) -> int | None: ...
        @property
        def cached_tokens(self) -> int | None: ...
        @property
        def audio(self) -> bytes | None: ...
        @property
        def audio_transcript(self) -> str | None: ...

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


_set_chunk = ChunkWrapper.__dict__["chunk"].__set__
_set_cache = ChunkWrapper.__dict__["_cache"].__set__
