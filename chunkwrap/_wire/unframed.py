"""What a body that held no events is: one rule for the wire path and the command line.

A stream that ends without a single event was not an event stream: an
error object sent without SSE framing (with a 4xx, or as Gemini does under
``Content-Type: text/event-stream``), a JSON array of them (Gemini's REST
form), a non-streaming JSON answer, JSON Lines (Ollama's ``/api/chat``), an
HTML error page, or nothing at all. Each would otherwise read as an empty
stream, no error. ``unframed()`` says which, from the body's first
``HEAD_BYTES``, which the readers keep only until the first event comes:
memory stays bounded, and the events pay nothing, since it is asked once,
at the end of a stream that had none.

Loaded with the wire path or the command line, which load json anyway.
"""

# This module reads untyped JSON, whose element types are unknown by nature;
# pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import json
import re
from typing import Any, Union

from .._core.errors import ChunkError
from .._core.server import StreamError
from .._formats import reported

HEAD_BYTES = 64 * 1024
"""How much of a body with no events yet is kept, for ``unframed()`` to read."""

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def unframed(head: bytes) -> Union[ChunkError, StreamError]:
    """The error for a body that ended with no events, of which ``head`` is
    the start (the whole body when it is no longer than ``HEAD_BYTES``): the
    StreamError an error object in it reports, else a ChunkError at
    ``<stream>`` saying what the body looks like."""
    whole = len(head) <= HEAD_BYTES
    text = head[:HEAD_BYTES].decode("utf-8", "replace").strip().lstrip("\ufeff").lstrip()
    if not text:
        return _no_events("the body is empty")
    if text[0] in "{[":
        found = _json(text, whole)
        return found if isinstance(found, StreamError) else _no_events(f"{found}, not an event stream")
    if text[0] == "<":
        name = title(head)
        page = "an HTML page" if "<html" in text[:1024].lower() or name is not None else "markup"
        if name is not None:
            page += f" ({_short(name)!r})"
        return _no_events(f"{page}, not an event stream")
    lines = [line for line in text.splitlines() if line.strip()]
    if all(line.startswith(":") for line in lines):
        return _no_events("only comments")
    return _no_events(f"text ({_short(lines[0])!r}), not an event stream")


def title(page: bytes) -> str | None:
    """An HTML page's ``<title>``, its spaces collapsed; None for none (or an empty one)."""
    found = _TITLE.search(page[:HEAD_BYTES])
    if found is None:
        return None
    return " ".join(found.group(1).decode("utf-8", "replace").split()) or None


def _json(text: str, whole: bool) -> Union[str, StreamError]:
    """What a body that starts as JSON is, or the failure it reports."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        pass
    else:
        return _document(value)
    lines = text.splitlines()
    if not whole:
        lines.pop()  # cut off at HEAD_BYTES, it may be
    values: list[Any] = []
    for line in lines:
        if line.strip():
            try:
                values.append(json.loads(line))
            except (ValueError, RecursionError):
                return "text that starts as JSON but is not JSON" if whole else "a JSON document"
    for value in values:
        error = reported(value) if type(value) is dict else None
        if error is not None:
            return error
    return "JSON Lines (NDJSON)" if len(values) > 1 else "a JSON document"


def _document(value: Any) -> Union[str, StreamError]:
    if type(value) is dict:
        error = reported(value)
        if error is not None:
            return error
        name = value.get("object")
        if type(name) is str and name:
            return f"a JSON object ({name!r})"
        return "a JSON object" + (f" (keys: {', '.join(list(value)[:5])})" if value else "")
    # A list, what else text that starts with "[" can be. Gemini's REST
    # stream is a JSON array: of chunks, or of its error.
    errors = [reported(item) if type(item) is dict else None for item in value]
    if errors and all(errors):
        return errors[0]  # type: ignore[return-value]
    return f"a JSON array ({len(value)} item{'' if len(value) == 1 else 's'})"


def _no_events(what: str) -> ChunkError:
    return ChunkError("<stream>", f"no events: {what}")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
