"""``StreamError``: a failure the server reported, and how a payload reports one.

Loaded on first use, as the wire and the folds are: building its attrs class
is ~0.5 ms that ``import chunkwrap`` need not pay (W6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

import attrs


@attrs.frozen(auto_exc=True, weakref_slot=False)
class StreamError(Exception):
    """The server reported a failure: an error event inside the stream, or an
    HTTP status of 400 or more.

    ``message`` is the server's own words; ``body`` the error object as it
    was sent (the value of its ``"error"`` key, or the whole event where the
    fields stand at the top level); ``status_code`` the HTTP status where one
    was known. Not a :class:`ChunkError`: the input was well-formed, the
    server failed.
    """

    message: str
    body: Any = None
    status_code: Optional[int] = None

    def __str__(self) -> str:
        if self.status_code is None:
            return self.message
        return f"{self.message} (HTTP {self.status_code})"


def server_error(
    payload: Any, status_code: Optional[int] = None, *, event: bool = False, fallback: Optional[str] = None
) -> Optional[StreamError]:
    """The failure ``payload`` reports, as a StreamError; None when it reports none.

    A payload reports one when its ``error`` member is set (not null, false,
    "" or empty, as the openai SDK reads it):
    ``{"error": {"message": ...}}`` (OpenAI, vLLM, TGI, LiteLLM, Groq,
    Anthropic's ``error`` event, Gemini), ``{"error": "text"}`` (Ollama, mlx),
    or a chunk with choices that also carries an error (OpenRouter,
    mid-stream); ``body`` is that value. An ``error`` event with its fields
    at the top level (the Responses API's) is the error itself (``body`` is
    the whole event); an event format's own failure events (Responses'
    ``response.failed``) are its spec's (``_formats.reported()``). With ``event=True``
    the payload is known to be a failure (an SSE ``event: error``, an HTTP
    error body): without an ``error`` member its own fields are the error
    (older vLLM's ``{"object": "error", "message": ...}``, FastAPI's
    ``{"detail": ...}``).

    The message is the error's ``message`` if a string, else the error itself
    if a string, else its ``detail`` (FastAPI's text, or its list of
    validation errors), else ``fallback`` (the text as sent) where the
    payload itself is the error, else a generic one. Where no
    ``status_code`` is given, the error's own ``status_code`` (Groq) or
    ``code`` (OpenRouter, Gemini) is taken when it is an HTTP error status
    (400 to 599); a code such as "rate_limit_exceeded", or 200, is not.
    ``{"object": "error", ...}`` (vLLM's) is an error wherever it comes.
    Reads dicts and attribute objects alike.
    """
    error = _member(payload, "error")
    if not error:  # null, false, "", {}: no error, as the openai SDK reads it
        if event or _member(payload, "type") == "error" or _member(payload, "object") == "error":
            error = payload
        else:
            return None
    message = error if isinstance(error, str) else _message(error)
    if message is None:
        # The text as sent says more than a generic word, where the payload is the error.
        message = fallback if fallback and error is payload else "the server reported an error"
    if status_code is None:
        status_code = _status(error)
    return StreamError(message, body=error, status_code=status_code)


def _message(error: Any) -> Optional[str]:
    message = _member(error, "message")
    if isinstance(message, str) and message:
        return str(message)
    detail = _member(error, "detail")
    if isinstance(detail, str) and detail:
        return str(detail)
    if isinstance(detail, list) and detail:
        # FastAPI's validation errors: each a "msg" at a "loc" (a path of names and indexes).
        parts: list[str] = []
        for item in detail:  # pyright: ignore[reportUnknownVariableType]
            text = _member(item, "msg")
            if not isinstance(text, str):
                return None
            loc = _member(item, "loc")
            where = ".".join(str(p) for p in loc) if isinstance(loc, list) else ""  # pyright: ignore
            parts.append(f"{where}: {text}" if where else text)
        return "; ".join(parts)
    return None


def _status(error: Any) -> Optional[int]:
    """The HTTP status an error object states, if it states one."""
    for name in ("status_code", "code"):
        code = _member(error, name)
        if type(code) is int and 400 <= code <= 599:
            return code
    return None


def _member(value: Any, name: str) -> Any:
    # What JSON gives, first: type() ~18 ns, the Mapping ABC check ~118
    # (micro case "exact-type-test").
    if type(value) is dict:
        return value.get(name)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    if isinstance(value, Mapping):
        return value.get(name)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    if value is None or isinstance(value, (str, bytes, int, float, list, tuple)):
        return None
    try:
        return getattr(value, name, None)
    except Exception:  # a foreign object's property that fails: no error found there
        return None
