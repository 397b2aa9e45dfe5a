"""What the two stream-event wrappers share: storage, the cache, checked reads.

An Anthropic Messages event and an OpenAI Responses event are each one
small object whose ``type`` says which one or two answers it carries, so
each property of ``_anthropic/wrapper.py`` and ``_responses/wrapper.py`` reads what it needs
on its first read and is kept (``kept()`` and ``cached()`` in ``_core/lazy.py``);
only ``content``, read on every event, has a path written inline per shape,
cache and all: ~490 ns an event wrapped and read, against ~560 through
kept() (micro case "event-content").
The reads here go through ``_core/read.py``, which takes dicts, SDK models and
any attribute-shaped object, and name the field path in every error.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import Any, TypeVar

import attrs

from . import read as _read
from .errors import ChunkError
from .lazy import CHUNK
from .view import LazyView

_ChunkT = TypeVar("_ChunkT")
_T = TypeVar("_T")


# eq, getstate_setstate and repr False: LazyView's (the event only).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class EventWrapper(LazyView[_ChunkT]):
    """A lazy, caching view of one streamed event."""

    @property
    def type(self) -> str:
        """The event's ``type``: every event has one."""
        return type_of(self._cache[CHUNK])


def type_of(event: Any) -> str:
    """The event's ``type``; a ChunkError when it has none."""
    return _there(_read.text(event, "type", "type"), "type", "a string")


def record(obj: Any, name: str, path: str) -> Any:
    """A nested object that must be there."""
    return _there(_read.record(obj, name, path), path, "an object")


def text(obj: Any, name: str, path: str) -> str:
    """A string that must be there."""
    return _there(_read.text(obj, name, path), path, "a string")


def count(obj: Any, name: str, path: str) -> int:
    """An integer that must be there (an index)."""
    return _there(_read.count(obj, name, path), path, "an integer")


def _there(found: _T | None, path: str, expected: str) -> _T:
    if found is None:
        raise ChunkError(path, f"expected {expected}, got null")
    return found
