"""Fast, lazy wrappers for streamed chat-completion chunks.

``import chunkwrap`` loads attrs and nothing heavier: openai types are only
named for type checkers, and nothing here imports pydantic or asyncio. The
stream helpers, the accumulator, the provider-agnostic wrapper and the value
types load on first use: imports a per-chunk user may never need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._chat.dict import OpenAIDictChunk
from ._chat.openai import OpenAICallResponseChunk
from ._core.errors import ChunkError
from ._pick import wrap

if TYPE_CHECKING:
    from ._accumulate import StreamAccumulator
    from ._anthropic.wrapper import AnthropicCallResponseChunk
    from ._core.agnostic import CallResponseChunk
    from ._core.partial import PartialJSON
    from ._core.server import StreamError
    from ._core.values import CostMetadata, FinishReason, Usage
    from ._gemini.wrapper import GeminiCallResponseChunk
    from ._responses.wrapper import OpenAIResponsesChunk
    from ._stream import awrap_stream, wrap_stream
    from ._wire.areader import awrap_sse
    from ._wire.reader import wrap_sse
    from ._wire.sse import ServerSentEvent, SSEDecoder

__version__ = "0.1.0"

__all__ = [
    "AnthropicCallResponseChunk",
    "CallResponseChunk",
    "ChunkError",
    "CostMetadata",
    "FinishReason",
    "GeminiCallResponseChunk",
    "OpenAICallResponseChunk",
    "OpenAIDictChunk",
    "OpenAIResponsesChunk",
    "PartialJSON",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamAccumulator",
    "StreamError",
    "Usage",
    "__version__",
    "awrap_sse",
    "awrap_stream",
    "wrap",
    "wrap_sse",
    "wrap_stream",
]

_LOADED_ON_FIRST_USE = {
    "AnthropicCallResponseChunk": "_anthropic.wrapper",
    "CallResponseChunk": "_core.agnostic",
    "CostMetadata": "_core.values",
    "FinishReason": "_core.values",
    "GeminiCallResponseChunk": "_gemini.wrapper",
    "OpenAIResponsesChunk": "_responses.wrapper",
    "PartialJSON": "_core.partial",
    "SSEDecoder": "_wire.sse",
    "ServerSentEvent": "_wire.sse",
    "StreamAccumulator": "_accumulate",
    "StreamError": "_core.server",
    "Usage": "_core.values",
    "awrap_sse": "_wire.areader",
    "awrap_stream": "_stream",
    "wrap_sse": "_wire.reader",
    "wrap_stream": "_stream",
}


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(__import__(f"{__name__}.{module}", fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
