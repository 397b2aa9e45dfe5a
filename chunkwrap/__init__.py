"""Fast, lazy wrappers for streamed chat-completion chunks.

``import chunkwrap`` loads attrs and nothing heavier: openai types are only
named for type checkers, and nothing here imports pydantic or asyncio.
"""

from __future__ import annotations

from ._accumulate import StreamAccumulator
from ._agnostic import CallResponseChunk
from ._dict import OpenAIDictChunk
from ._errors import ChunkError
from ._openai import OpenAICallResponseChunk
from ._stream import awrap_stream, wrap_stream
from ._values import CostMetadata, FinishReason, Usage
from ._wrap import wrap

__version__ = "0.1.0"

__all__ = [
    "CallResponseChunk",
    "ChunkError",
    "CostMetadata",
    "FinishReason",
    "OpenAICallResponseChunk",
    "OpenAIDictChunk",
    "StreamAccumulator",
    "Usage",
    "__version__",
    "awrap_stream",
    "wrap",
    "wrap_stream",
]
