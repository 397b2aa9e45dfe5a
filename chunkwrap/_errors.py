"""The two exceptions chunkwrap raises: bad input, and a failure the server reported."""

from __future__ import annotations

from typing import Any, Optional

import attrs


@attrs.frozen(auto_exc=True, weakref_slot=False)
class ChunkError(ValueError):
    """A chunk holds something of the wrong kind at ``path``.

    ``path`` is the field's path inside the chunk, such as
    ``choices[0].delta.audio.data``; the message starts with it. Like every
    exception it has an instance ``__dict__`` (Python's exceptions do), and
    like every chunkwrap class it is a frozen attrs class.
    """

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


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
