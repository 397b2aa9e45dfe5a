"""Which wire format an event belongs to.

For ``wrap()``, ``wrap_sse()`` and ``StreamAccumulator`` to dispatch on:
an Anthropic Messages event and an OpenAI Responses event each name their
``type``; a Chat Completions chunk has none (it has ``object``).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import Any, Literal, Optional

from . import _read
from ._agnostic import CallResponseChunk
from ._event import EventWrapper

Kind = Optional[Literal["anthropic", "responses"]]

ANTHROPIC_TYPES = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "ping",
        "error",
    }
)


def _unwrapped(payload: Any) -> Any:
    """The event itself: a chunkwrap event wrapper is asked about what it holds."""
    if type(payload) is not dict and isinstance(payload, (EventWrapper, CallResponseChunk)):
        return payload.chunk
    return payload


def _type(event: Any) -> Any:
    if type(event) is dict:
        return event.get("type")
    return _read.field(event, "type") if _read.is_record(event) else None


def kind_of(payload: Any) -> Kind:
    """ "anthropic", "responses", or None (a Chat Completions chunk, or no event at all).

    ``error`` is both formats' error event: Anthropic's nests the error
    object (``{"type": "error", "error": {...}}``), Responses' puts its
    fields at the top level beside a ``sequence_number``.
    """
    event = _unwrapped(payload)
    kind = _type(event)
    if type(kind) is not str:
        return None
    if kind.startswith("response."):
        return "responses"
    if kind == "error":
        nested = _read.field(event, "error")
        if _read.is_record(nested) and _read.field(event, "sequence_number") is None:
            return "anthropic"
        return "responses"
    return "anthropic" if kind in ANTHROPIC_TYPES else None
