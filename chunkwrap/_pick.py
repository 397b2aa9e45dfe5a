"""``wrap``: the wrapper picked by a chunk's shape (or an event's type)."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Union

from . import _read
from ._dict import OpenAIDictChunk
from ._openai import OpenAICallResponseChunk
from ._view import LazyView

if TYPE_CHECKING:
    from ._anthropic import AnthropicCallResponseChunk
    from ._responses import OpenAIResponsesChunk

AnyChunkWrapper = Union[
    OpenAICallResponseChunk, OpenAIDictChunk, "AnthropicCallResponseChunk[Any]", "OpenAIResponsesChunk[Any]"
]


@functools.cache
def _event_wrapper() -> Callable[[Any], Any]:
    """The event formats' dispatch, loaded by the first event: not at import,
    which it would make ~1 ms slower (W6)."""
    from ._anthropic import AnthropicCallResponseChunk  # noqa: PLC0415 - see the docstring
    from ._kind import kind_of  # noqa: PLC0415
    from ._responses import OpenAIResponsesChunk  # noqa: PLC0415

    wrappers = {"anthropic": AnthropicCallResponseChunk, "responses": OpenAIResponsesChunk}

    def event_wrapper(event: Any) -> Any:
        kind = kind_of(event)
        if kind is None:
            return None
        if _read.field(event, "type") in ("error", "response.failed"):
            _raise_reported(event)
        return wrappers[kind](event)

    return event_wrapper


def _raise_reported(payload: Any) -> None:
    """Raise the StreamError ``payload`` reports, if any: the rule add() and
    wrap_sse() follow (``server_error``), loaded only for an error payload."""
    from ._server import server_error  # noqa: PLC0415 - see the docstring

    error = server_error(payload)
    if error is not None:
        raise error


def wrap(chunk: Any) -> AnyChunkWrapper:
    """The wrapper for whatever you hold: an :class:`OpenAIDictChunk` for a
    chat-completion chunk parsed from JSON (a Mapping), an
    :class:`OpenAICallResponseChunk` for an SDK (attribute-shaped) chunk, an
    :class:`AnthropicCallResponseChunk` or :class:`OpenAIResponsesChunk` for
    an event of those streams (a dict or the SDK's model, told apart by its
    ``type``).

    A chunkwrap wrapper passed in is returned as it is; another object that
    wraps a chunk (Mirascope's ``OpenAICallResponseChunk``, chunkwrap's
    ``CallResponseChunk``) gives a wrapper of that chunk; an object with none
    of a chunk's fields raises :class:`ChunkError` at ``<chunk>``. An error
    payload (``{"error": ...}``, a chunk that carries one, an ``error`` or
    ``response.failed`` event) raises :class:`StreamError`, as ``add()`` and
    ``wrap_sse()`` do.
    """
    if type(chunk) is dict:
        if "type" in chunk:  # chat-completion chunks have none; events do
            event = _event_wrapper()(chunk)
            if event is not None:
                return event  # type: ignore[no-any-return]
        # A rare key, tested by ``in`` as add() tests it (~19 ns, micro case "call-and-key").
        if "error" in chunk and chunk["error"] is not None:
            _raise_reported(chunk)
        return OpenAIDictChunk(chunk)
    if isinstance(chunk, LazyView):
        return chunk  # type: ignore[return-value]
    try:
        # An SDK chunk or event keeps its typed fields in __dict__: one
        # lookup before the general unwrapped(), which reads up to nine members.
        own = chunk.__dict__
        shape = None if "chunk" in own else "chat" if "choices" in own else "event" if "type" in own else None
    except Exception:  # no __dict__, or a foreign __getattr__ that raises
        shape = None
    if shape == "chat":
        return OpenAICallResponseChunk(chunk)
    if shape is None:
        chunk = _read.unwrapped(chunk)
        if _read.field(chunk, "error") is not None:
            _raise_reported(chunk)
    if shape == "event" or _read.field(chunk, "type") is not None:
        event = _event_wrapper()(chunk)
        if event is not None:
            return event  # type: ignore[no-any-return]
    if isinstance(chunk, Mapping):
        return OpenAIDictChunk(chunk)
    return OpenAICallResponseChunk(chunk)
