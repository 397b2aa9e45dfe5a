"""``ChunkError``: bad input. (A failure the server reported is ``_core/server.py``'s StreamError.)"""

from __future__ import annotations

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
