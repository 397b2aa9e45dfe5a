"""``wrap``: the wrapper picked by a chunk's shape (or an event's type)."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Union

from ._chat.dict import OpenAIDictChunk
from ._chat.openai import OpenAICallResponseChunk
from ._core import read as _read
from ._core.view import LazyView

if TYPE_CHECKING:
    from ._anthropic.wrapper import AnthropicCallResponseChunk
    from ._gemini.wrapper import GeminiCallResponseChunk
    from ._responses.wrapper import OpenAIResponsesChunk

AnyChunkWrapper = Union[
    OpenAICallResponseChunk,
    OpenAIDictChunk,
    "AnthropicCallResponseChunk[Any]",
    "OpenAIResponsesChunk[Any]",
    "GeminiCallResponseChunk[Any]",
]


@functools.cache
def registry() -> Any:
    """The registry of formats (``_formats``), loaded by the first chunk that
    needs it (here and in ``StreamAccumulator.add()``), then kept: not at
    import (W6: a Chat Completions user of SDK chunks or dicts never loads
    it), not an import statement on each call (~275 ns against ~35, micro
    case "lazy-import")."""
    from . import _formats  # noqa: PLC0415 - see the docstring

    return _formats


@functools.cache
def _other_wrapper() -> Callable[[Any], Any]:
    """The dispatch for what is no chat chunk with choices, loaded by the first
    such chunk: not at import, which it would make ~1 ms slower (W6). The
    registry (``_formats``) says which format a chunk is and gives its wrappers."""
    _formats = registry()

    names = [entry.spec.NAME for entry in _formats.FORMATS]
    for_mapping = {name: _formats.wrapper_of(name) for name in names}
    for_object = {name: _formats.wrapper_of(name, sdk=True) for name in names}

    def other_wrapper(chunk: Any) -> Any:
        kind = _formats.format_of(chunk)
        if kind is None:
            # An error payload is the server's failure, as on the wire and in add().
            raise _formats.reported(chunk) or _formats.unknown_format(chunk, "<chunk>")
        if (
            _read.field(chunk, "error") is not None
            or _read.field(chunk, "type") in _formats.FAILURE_TYPES
            or _read.field(chunk, "object") == "error"
        ):
            _raise_reported(chunk)
        mapping = type(chunk) is dict or isinstance(chunk, Mapping)
        return (for_mapping if mapping else for_object)[kind](chunk)

    return other_wrapper


def _raise_reported(payload: Any) -> None:
    """Raise the StreamError ``payload`` reports, if any: the rule add() and
    wrap_sse() follow (the registry's ``reported()``), loaded only for an error payload."""
    error = registry().reported(payload)
    if error is not None:
        raise error


def wrap(chunk: Any) -> AnyChunkWrapper:
    """The wrapper for whatever you hold: an :class:`OpenAIDictChunk` for a
    chat-completion chunk parsed from JSON (a Mapping), an
    :class:`OpenAICallResponseChunk` for an SDK (attribute-shaped) chunk, an
    :class:`AnthropicCallResponseChunk` or :class:`OpenAIResponsesChunk` for
    an event of those streams (a dict or the SDK's model, told apart by its
    ``type``), a :class:`GeminiCallResponseChunk` for a Gemini chunk (a dict
    or google-genai's ``GenerateContentResponse``).

    A chunkwrap wrapper passed in is returned as it is; another object that
    wraps a chunk (Mirascope's ``OpenAICallResponseChunk``, chunkwrap's
    ``CallResponseChunk``) gives a wrapper of that chunk. An object that is a
    chunk of no known format (``_formats.format_of``) raises :class:`ChunkError`
    at ``<chunk>``. An error payload (``{"error": ...}``, a chunk that carries
    one, an ``error`` or ``response.failed`` event) raises :class:`StreamError`,
    as ``add()`` and ``wrap_sse()`` do.
    """
    if type(chunk) is dict:
        # Chat chunks have choices, events and Gemini chunks none: one test,
        # as the ``"type" in chunk`` it replaces (micro case "call-and-key").
        if "choices" in chunk:
            # A rare key, tested by ``in`` as add() tests it (~19 ns, micro case "call-and-key").
            if "error" in chunk and chunk["error"] is not None:
                _raise_reported(chunk)
            return OpenAIDictChunk(chunk)
        return _other_wrapper()(chunk)  # type: ignore[no-any-return]
    if isinstance(chunk, LazyView):
        return chunk  # type: ignore[return-value]
    try:
        # An SDK chunk or event keeps its typed fields in __dict__: one
        # lookup before the registry's unwrapped(), which reads up to a dozen members.
        own = chunk.__dict__
        shape = (
            None
            if "chunk" in own
            else "chat"
            if "choices" in own
            else "other"
            if "type" in own or "candidates" in own
            else None
        )
    except Exception:  # no __dict__, or a foreign __getattr__ that raises
        shape = None
    if shape == "chat":
        return OpenAICallResponseChunk(chunk)
    if shape is None:
        chunk = registry().unwrapped(chunk)
        if type(chunk) is dict and "choices" in chunk:
            return wrap(chunk)
    return _other_wrapper()(chunk)  # type: ignore[no-any-return]
