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
    payload: Any, status_code: Optional[int] = None, *, event: bool = False
) -> Optional[StreamError]:
    """The failure ``payload`` reports, as a StreamError; None when it reports none.

    A payload reports one when its ``error`` member is set (not null, false,
    "" or empty, as the openai SDK reads it):
    ``{"error": {"message": ...}}`` (OpenAI, vLLM, TGI, LiteLLM, Groq,
    Anthropic's ``error`` event), ``{"error": "text"}`` (Ollama, mlx), or a
    chunk with choices that also carries an error (OpenRouter, mid-stream);
    ``body`` is that value. The Responses API's ``error`` event has its
    fields at the top level (``body`` is the whole event), and its
    ``response.failed`` the error in ``response.error``. With ``event=True``
    the payload is known to be a failure (an SSE ``event: error``, an HTTP
    error body): without an ``error`` member its own fields are the error.
    The message is the error's ``message`` if a string, else the error itself
    if a string, else a generic one. Reads dicts and attribute objects alike.
    """
    error = _member(payload, "error")
    if not error:  # null, false, "", {}: no error, as the openai SDK reads it
        error = None
        kind = _member(payload, "type")
        if kind == "response.failed":
            error = _member(_member(payload, "response"), "error")
            if error is None:
                error = payload
        elif event or kind == "error":
            error = payload
        else:
            return None
    message = error if isinstance(error, str) else _member(error, "message")
    if not isinstance(message, str) or not message:
        message = "the server reported an error"
    return StreamError(str(message), body=error, status_code=status_code)


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
