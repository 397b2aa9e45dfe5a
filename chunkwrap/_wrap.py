"""``wrap``: pick the wrapper for a chunk's shape."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Union

from ._dict import OpenAIDictChunk
from ._errors import ChunkError
from ._openai import OpenAICallResponseChunk
from ._wrapper import ChunkWrapper

AnyChunkWrapper = Union[OpenAICallResponseChunk, OpenAIDictChunk]


def wrap(chunk: Any) -> AnyChunkWrapper:
    """An :class:`OpenAIDictChunk` for a Mapping parsed from JSON, else an
    :class:`OpenAICallResponseChunk` for an SDK (attribute-shaped) chunk.

    A chunkwrap wrapper passed in is returned as it is.
    """
    if type(chunk) is dict:
        return OpenAIDictChunk(chunk)
    if hasattr(chunk, "__pydantic_extra__"):
        # An SDK chunk, a pydantic model: one attribute test before the
        # isinstance checks below, whose Mapping ABC check alone is ~120 ns
        # (wrap() of an SDK chunk ~640 -> ~270 ns, Python 3.11).
        return OpenAICallResponseChunk(chunk)
    if isinstance(chunk, ChunkWrapper):
        return chunk  # type: ignore[return-value]
    if isinstance(chunk, Mapping):
        return OpenAIDictChunk(chunk)
    if chunk is None or isinstance(chunk, (str, bytes, bytearray, int, float, list, tuple)):
        raise ChunkError("<chunk>", f"expected a chunk object or a Mapping, got {type(chunk).__name__}")
    return OpenAICallResponseChunk(chunk)
