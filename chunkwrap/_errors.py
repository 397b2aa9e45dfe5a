"""The one exception chunkwrap raises for malformed chunks."""

from __future__ import annotations


class ChunkError(ValueError):
    """A chunk holds something of the wrong kind at ``path``.

    ``path`` is the dotted field path inside the chunk, such as
    ``choices[0].delta.audio.data``; the message starts with it.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self) -> tuple[type[ChunkError], tuple[str, str]]:
        return (ChunkError, (self.path, self.problem))
