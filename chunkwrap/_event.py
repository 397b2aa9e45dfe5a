"""What the two stream-event wrappers share: storage, the cache, checked reads.

An Anthropic Messages event and an OpenAI Responses event are each one
small object whose ``type`` says which one or two answers it carries, so
each property of ``_anthropic.py`` and ``_responses.py`` reads what it needs
on its first read and is kept (``kept()`` and ``cached()`` in ``_lazy.py``);
only ``content``, read on every event, has a path written inline per shape.
The reads here go through ``_read.py``, which takes dicts, SDK models and
any attribute-shaped object, and name the field path in every error.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from . import _read
from ._errors import ChunkError
from ._lazy import CHUNK, COMMON_USAGE, COST_METADATA, SIZE, UNSET, cached

if TYPE_CHECKING:
    from ._values import CostMetadata, Usage

_ChunkT = TypeVar("_ChunkT")

_FRESH_STATE = [UNSET] * SIZE


@functools.cache
def value_types() -> ModuleType:
    """``_values``, imported by the first cost_metadata or common_* read, then kept
    (as in ``_wrapper.py``: not at import, where it is ~1.7 ms)."""
    from . import _values  # noqa: PLC0415  # pyright: ignore[reportPrivateUsage] - this package's own

    return _values


def _chunk_of(state: list[Any]) -> Any:
    return state[CHUNK]


@attrs.frozen(init=False, weakref_slot=False)
class EventWrapper(Generic[_ChunkT]):
    """A lazy, caching view of one streamed event: storage as in ``ChunkWrapper``."""

    # One list holds the event and every kept value, laid out as the chat
    # wrappers' (``_lazy.py``); equality, hashing and repr look at the event.
    _state: list[Any] = attrs.field(eq=_chunk_of, repr=False)

    def __init__(self, chunk: _ChunkT) -> None:
        state = _FRESH_STATE.copy()
        state[CHUNK] = chunk
        _set_state(self, state)

    @property
    def chunk(self) -> _ChunkT:
        """The very object that was wrapped."""
        return self._state[CHUNK]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(chunk={self._state[CHUNK]!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"chunk": self._state[CHUNK]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        fresh = _FRESH_STATE.copy()
        fresh[CHUNK] = state["chunk"]
        _set_state(self, fresh)

    if TYPE_CHECKING:
        # Written by each subclass for its format.
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
    def type(self) -> str:
        """The event's ``type``: every event has one."""
        return type_of(self._state[CHUNK])

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

    @property
    @cached(COMMON_USAGE)
    def common_usage(self) -> Usage | None:
        """Provider-agnostic usage; None when the event counts nothing."""
        usage: Usage | None = value_types().common_usage(
            self.input_tokens, self.cached_tokens, self.output_tokens
        )
        return usage


_set_state = EventWrapper.__dict__["_state"].__set__


def type_of(event: Any) -> str:
    """The event's ``type``; a ChunkError when it has none."""
    found = _read.text(event, "type", "type")
    if found is None:
        raise ChunkError("type", "expected a string, got null")
    return found


def record(obj: Any, name: str, path: str) -> Any:
    """A nested object that must be there."""
    found = _read.record(obj, name, path)
    if found is None:
        raise ChunkError(path, "expected an object, got null")
    return found


def text(obj: Any, name: str, path: str) -> str:
    """A string that must be there."""
    found = _read.text(obj, name, path)
    if found is None:
        raise ChunkError(path, "expected a string, got null")
    return found


def count(obj: Any, name: str, path: str) -> int:
    """An integer that must be there (an index)."""
    found = _read.count(obj, name, path)
    if found is None:
        raise ChunkError(path, "expected an integer, got null")
    return found
