"""``LazyView``: what every wrapper is, whatever it wraps: a chunk and its cache.

The chat-completion chunk wrappers (``_chat/wrapper.py``) and the stream-event
wrappers (``_core/event.py``) both derive from it; the properties, and where
each keeps its value in the cache, are theirs (``_core/lazy.py``).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from .lazy import CHUNK, COMMON_USAGE, COST_METADATA, SIZE, UNSET, cached

if TYPE_CHECKING:
    from .values import CostMetadata, Usage

_ChunkT = TypeVar("_ChunkT")


@functools.cache
def value_types() -> ModuleType:
    """The ``values`` module, imported by the first cost_metadata or common_* read, then kept.

    Not at import: building CostMetadata's 22-field attrs class is ~1.7 ms,
    the largest part of ``import chunkwrap`` after attrs itself (W6,
    ``python -X importtime``). Not an import statement in each property:
    that ran on every new wrapper's first read, ~275 ns against this
    call's ~35 (micro case "lazy-import").
    """
    from . import values as _values  # noqa: PLC0415  # pyright: ignore[reportPrivateUsage] - this package's own

    return _values


_FRESH_CACHE = [UNSET] * SIZE


@attrs.frozen(init=False, weakref_slot=False)
class LazyView(Generic[_ChunkT]):
    """A lazy, caching view of one streamed chunk or event.

    ``chunk``, the very object that was wrapped, is the one attrs field:
    ``attrs.fields``, ``asdict``, ``evolve``, equality, hashing and repr see
    it alone, so a wrapper hashes like its chunk (one over a dict or a
    pydantic model is unhashable). First reads from several threads compute
    the same values, so they are safe.
    """

    chunk: _ChunkT

    # The one slot holds a list, the chunk at CHUNK and the cached values
    # after it; below the class, ``_cache`` names that slot and ``chunk`` is
    # a property reading the list, which attrs' generated methods call.
    # One store builds a wrapper: ~215 ns against ~105 for a plain slotted
    # class, and ~220 for attrs' generated frozen __init__ storing the chunk
    # alone or for a second slot for the cache (micro case "construct"). A
    # cached value is then a list store, never object.__setattr__ (micro
    # case "lazy-marks").
    if TYPE_CHECKING:
        _cache: list[Any]

    def __init__(self, chunk: _ChunkT) -> None:
        cache = _FRESH_CACHE.copy()
        cache[CHUNK] = chunk
        _set_cache(self, cache)

    # The cached values are a private memo: copies and pickles carry the
    # chunk only, so they never share a list.
    def __getstate__(self) -> dict[str, Any]:
        return {"chunk": self._cache[CHUNK]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        cache = _FRESH_CACHE.copy()
        cache[CHUNK] = state["chunk"]
        _set_cache(self, cache)

    if TYPE_CHECKING:
        # Written by each kind of wrapper for its format.
        @property
        def content(self) -> str: ...
        @property
        def input_tokens(self) -> int | None: ...
        @property
        def cached_tokens(self) -> int | None: ...
        @property
        def output_tokens(self) -> int | None: ...

    def __str__(self) -> str:
        return self.content

    @property
    @cached(COMMON_USAGE)
    def common_usage(self) -> Usage | None:
        """Provider-agnostic usage from the three counts; None when none is present."""
        usage: Usage | None = value_types().common_usage(
            self.input_tokens, self.cached_tokens, self.output_tokens
        )
        return usage

    @property
    @cached(COST_METADATA)
    def cost_metadata(self) -> CostMetadata:
        """The token counts for pricing, counted as ``input_tokens`` says."""
        metadata: CostMetadata = value_types().CostMetadata(
            input_tokens=self.input_tokens,
            output_tokens=self.output_tokens,
            cached_tokens=self.cached_tokens,
        )
        return metadata


def _chunk(self: LazyView[_ChunkT]) -> _ChunkT:
    """The very object that was wrapped."""
    return self._cache[CHUNK]  # type: ignore[no-any-return]


# A slot descriptor reads and writes its slot whatever name it is found
# under: the slot attrs made for ``chunk`` becomes ``_cache``, and ``chunk``
# a property over it.
_slot = LazyView.__dict__["chunk"]
_set_cache = _slot.__set__
type.__setattr__(LazyView, "_cache", _slot)
type.__setattr__(LazyView, "chunk", property(_chunk))
del _slot
