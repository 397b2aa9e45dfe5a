"""``wrap``: pick the wrapper for a chunk's shape."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Union

from . import _read
from ._dict import OpenAIDictChunk
from ._openai import OpenAICallResponseChunk
from ._wrapper import ChunkWrapper

AnyChunkWrapper = Union[OpenAICallResponseChunk, OpenAIDictChunk]


def wrap(chunk: Any) -> AnyChunkWrapper:
    """An :class:`OpenAIDictChunk` for a Mapping parsed from JSON, else an
    :class:`OpenAICallResponseChunk` for an SDK (attribute-shaped) chunk.

    A chunkwrap wrapper passed in is returned as it is; another object that
    wraps a chunk (Mirascope's ``OpenAICallResponseChunk``, chunkwrap's
    ``CallResponseChunk``) gives a wrapper of that chunk; an object with none
    of a chunk's fields raises :class:`ChunkError` at ``<chunk>``.
    """
    if type(chunk) is dict:
        return OpenAIDictChunk(chunk)
    if isinstance(chunk, ChunkWrapper):
        return chunk  # type: ignore[return-value]
    try:
        # An SDK chunk keeps its typed fields in __dict__: one lookup before
        # the general unwrapped(), which reads up to nine members.
        sdk = "choices" in chunk.__dict__ and "chunk" not in chunk.__dict__
    except Exception:  # no __dict__, or a foreign __getattr__ that raises
        sdk = False
    if not sdk:
        chunk = _read.unwrapped(chunk)
        if isinstance(chunk, Mapping):
            return OpenAIDictChunk(chunk)
    return OpenAICallResponseChunk(chunk)
