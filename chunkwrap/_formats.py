"""The registry of wire formats: which format a payload is, and its wrapper and fold.

``wrap()``, the wire reader, ``StreamAccumulator`` and the command line ask
here, and nowhere else, which format a chunk or event is (:func:`format_of`),
what to raise for one of no known format (:func:`unknown_format`) and for one
of another format inside a stream (:func:`foreign`), and which class wraps
and folds it (:func:`wrapper_of`, :func:`fold_of`).

A format is a folder (``_chat/``, ``_anthropic/``, ``_responses/``,
``_gemini/``) whose ``spec.py`` says what marks its payloads (``claims()``,
and ``TYPES`` for an event format), and one entry in :data:`FORMATS`, asked in
its order: the first whose spec claims a payload has it. The specs are small
and load with this module; a format's wrapper and fold load when first asked
for.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Literal, NamedTuple, Optional

from ._anthropic import spec as anthropic
from ._chat import spec as chat
from ._core import read as _read
from ._core.agnostic import CallResponseChunk
from ._core.errors import ChunkError
from ._core.server import StreamError, server_error
from ._core.view import LazyView
from ._gemini import spec as gemini
from ._responses import spec as responses

Kind = Optional[Literal["anthropic", "responses", "gemini"]]
Format = Optional[Literal["chat", "anthropic", "responses", "gemini"]]


class Entry(NamedTuple):
    """One format: its spec, and where its classes are (``module:Class``, under
    this package). ``wrapper`` wraps a Mapping, ``sdk_wrapper`` an SDK's model or
    any attribute object; ``fold`` folds its stream, None for Chat Completions,
    whose fold is ``StreamAccumulator``'s own (inline: its fast path)."""

    spec: ModuleType
    wrapper: str
    sdk_wrapper: str
    fold: Optional[str]


FORMATS = (
    Entry(
        anthropic,
        "_anthropic.wrapper:AnthropicCallResponseChunk",
        "_anthropic.wrapper:AnthropicCallResponseChunk",
        "_anthropic.fold:AnthropicFold",
    ),
    Entry(
        responses,
        "_responses.wrapper:OpenAIResponsesChunk",
        "_responses.wrapper:OpenAIResponsesChunk",
        "_responses.fold:ResponsesFold",
    ),
    Entry(
        gemini,
        "_gemini.wrapper:GeminiCallResponseChunk",
        "_gemini.wrapper:GeminiCallResponseChunk",
        "_gemini.fold:GeminiFold",
    ),
    Entry(chat, "_chat.dict:OpenAIDictChunk", "_chat.openai:OpenAICallResponseChunk", None),
)
"""Every format, in the order their specs are asked: the event formats by
their ``type`` (Anthropic before Responses, which claims any ``error`` left),
then Gemini, then Chat Completions, which claims what has a chat member."""

BY_NAME = {entry.spec.NAME: entry for entry in FORMATS}
_EVENT_FORMATS = tuple(entry for entry in FORMATS if entry.fold is not None)
# The formats whose payloads name their ``type``: a spec with TYPES (and SPECIAL).
_TYPED_FORMATS = tuple(entry for entry in FORMATS if hasattr(entry.spec, "TYPES"))


# What an object of any format may have, by the names an attribute object (an
# SDK's model) gives them: the names most payloads carry, then each format's
# own members. An object with none of them is no chunk.
_CHUNK_MEMBERS = (
    "type",
    "id",
    "model",
    "created",
    "error",
    *dict.fromkeys(
        name
        for entry in FORMATS
        for name in getattr(entry.spec, "ATTRIBUTES", getattr(entry.spec, "MEMBERS", ()))
    ),
)


def unwrapped(value: Any) -> Any:
    """The chunk ``value`` is, or the chunk it wraps: an object whose ``chunk``
    is one (Mirascope's chunk wrappers, chunkwrap's own). An object with none
    of a chunk's members is a ChunkError at ``<chunk>``, not an empty chunk.
    """
    for _ in range(8):  # a wrapper of a wrapper..., but never round a cycle
        if type(value) is dict or isinstance(value, Mapping):
            return value
        inner = _read.field(value, "chunk", "<chunk>")  # a non-object raises here
        if inner is None:
            break
        value = inner
    for name in _CHUNK_MEMBERS:
        if _read.field(value, name, "<chunk>") is not None:
            return value
    raise ChunkError(
        "<chunk>", f"expected a chunk, got {_read.kind(value)}, which has none of a chunk's fields"
    )


def _unwrapped(payload: Any) -> Any:
    """The chunk itself: a chunkwrap wrapper is asked about what it holds."""
    if type(payload) is not dict and isinstance(payload, (LazyView, CallResponseChunk)):
        return payload.chunk
    return payload


def _type(event: Any) -> Any:
    if type(event) is dict:
        return event.get("type")
    return _read.field(event, "type") if _read.is_record(event) else None


def format_of(payload: Any) -> Format:
    """The format ``payload`` is a chunk of: the first in FORMATS whose spec
    claims it; None when none does (then :func:`unknown_format` is the error)."""
    return _claimed(payload, FORMATS)  # type: ignore[return-value]


def kind_of(payload: Any) -> Kind:
    """The event format ``payload`` is a chunk of ("anthropic", "responses",
    "gemini"), or None: a Chat Completions chunk, or no chunk at all
    (:func:`format_of` tells them apart)."""
    return _claimed(payload, _EVENT_FORMATS)  # type: ignore[return-value]


def _claimed(payload: Any, entries: tuple[Entry, ...]) -> str | None:
    """The NAME of the first of ``entries`` whose spec claims ``payload``."""
    event = _unwrapped(payload)
    kind = _type(event)
    for entry in entries:
        if entry.spec.claims(event, kind):
            return entry.spec.NAME  # type: ignore[no-any-return]
    return None


def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(__import__(f"{__package__}.{module}", fromlist=[name]), name)


@functools.cache
def wrapper_of(name: str, sdk: bool = False) -> Any:
    """The wrapper class of format ``name``, for a Mapping or (``sdk``) an attribute object."""
    entry = BY_NAME[name]
    return _load(entry.sdk_wrapper if sdk else entry.wrapper)


@functools.cache
def fold_of(name: str) -> Any:
    """The fold class of event format ``name`` (Chat Completions has none: the accumulator's own)."""
    path = BY_NAME[name].fold
    assert path is not None, "the Chat Completions fold is StreamAccumulator's own"
    return _load(path)


def is_typed(name: str) -> bool:
    """Whether format ``name``'s payloads name their ``type`` (events, not chunks)."""
    return BY_NAME[name] in _TYPED_FORMATS


@functools.cache
def wrappers_by_type() -> dict[str, Any]:
    """Each event type but the SPECIAL ones, and its wrapper: the wire reader's
    one lookup where :func:`format_of` would ask the specs (micro case
    "wire-named-event")."""
    found: dict[str, Any] = {}
    for entry in _TYPED_FORMATS:
        found.update(dict.fromkeys(entry.spec.TYPES - entry.spec.SPECIAL, wrapper_of(entry.spec.NAME)))
    return found


# Whether a payload is a whole answer, not a chunk: Chat Completions' rule
# (its spec), which the wire and the fold ask of a first chunk with choices.
is_whole = chat.is_whole


FAILURE_TYPES = frozenset(kind for entry in _TYPED_FORMATS for kind in getattr(entry.spec, "FAILURES", ()))
"""The event types that report a failure, of every format that names its types."""


def reported(
    payload: Any, status_code: int | None = None, *, event: bool = False, fallback: str | None = None
) -> StreamError | None:
    """The failure ``payload`` reports: an event format's own failure event, as
    its spec reads it (``failure()``: Responses' ``response.failed``), else
    what ``server_error()`` reads of any server's error; None for none."""
    for entry in _TYPED_FORMATS:
        failure = getattr(entry.spec, "failure", None)
        found = None if failure is None else failure(payload, status_code)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return server_error(payload, status_code, event=event, fallback=fallback)


def mixed(stream: str) -> ChunkError:
    """The error for a Chat Completions chunk in ``stream``'s stream (an event fold's STREAM)."""
    return ChunkError(chat.PATH, f"{chat.STREAM} chunk in {stream} stream")


def unknown_format(payload: Any, where: str) -> ChunkError:
    """The error for a JSON object of no known format, at ``where`` (``<event 3>``, ``<chunk>``)."""
    event = _unwrapped(payload)
    if type(event) is dict or isinstance(event, Mapping):
        names = [str(name) for name in event][:5]
        has = (
            f"its members: {', '.join(names)}" + (", ..." if len(event) > 5 else "")
            if names
            else "it is empty"
        )
    else:
        has = f"a {type(event).__name__}"
    if (isinstance(event, Mapping) or _read.is_record(event)) and chat.is_whole(event):
        kind = _read.field(event, "object")
        name = repr(kind) if type(kind) is str and kind in chat.WHOLE_OBJECTS else "'message'"
        return ChunkError(where, f"a whole {name} object, not a chunk of a stream (stream it: stream: true)")
    # The members, Chat Completions' (the most common format, last in FORMATS) first.
    known = ", ".join(name for entry in reversed(FORMATS) for name in getattr(entry.spec, "MEMBERS", ()))
    typed = " or ".join(entry.spec.TITLE for entry in _TYPED_FORMATS)
    return ChunkError(where, f"not a chunk of any known format (none of {known}, nor an {typed} type); {has}")


def foreign(fields: Any, stream: str) -> ChunkError | None:
    """The error for a chunk of an event format that sends no ``type`` (Gemini)
    in another event stream, ``stream`` its fold's STREAM ("an Anthropic
    Messages"), at the member that marks it; None for any other payload (a
    Chat Completions chunk is the fold's ``mixed()``)."""
    other = kind_of(fields)
    if other is None or is_typed(other):
        return None
    spec = BY_NAME[other].spec
    return ChunkError(spec.PATH, f"{spec.STREAM} chunk in {stream} stream")


def stream_of(payload: Any) -> str | None:
    """The STREAM of ``payload``'s event format ("an Anthropic Messages"), for an error; None for none."""
    name = kind_of(payload)
    return None if name is None else BY_NAME[name].spec.STREAM
