"""Fast, lazy wrappers for streamed chat-completion chunks.

``import chunkwrap`` loads attrs and nothing heavier: openai types are only
named for type checkers, and nothing here imports pydantic or asyncio. The
stream helpers, the accumulator, the provider-agnostic wrapper and the value
types load on first use: imports a per-chunk user may never need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._dict import OpenAIDictChunk
from ._errors import ChunkError
from ._openai import OpenAICallResponseChunk
from ._pick import wrap

if TYPE_CHECKING:
    from ._accumulate import StreamAccumulator
    from ._agnostic import CallResponseChunk
    from ._anthropic import AnthropicCallResponseChunk
    from ._awire import awrap_sse
    from ._gemini import GeminiCallResponseChunk
    from ._partial import PartialJSON
    from ._responses import OpenAIResponsesChunk
    from ._server import StreamError
    from ._sse import ServerSentEvent, SSEDecoder
    from ._stream import awrap_stream, wrap_stream
    from ._values import CostMetadata, FinishReason, Usage
    from ._wire import wrap_sse

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
    "AnthropicCallResponseChunk": "_anthropic",
    "CallResponseChunk": "_agnostic",
    "CostMetadata": "_values",
    "FinishReason": "_values",
    "GeminiCallResponseChunk": "_gemini",
    "OpenAIResponsesChunk": "_responses",
    "PartialJSON": "_partial",
    "SSEDecoder": "_sse",
    "ServerSentEvent": "_sse",
    "StreamAccumulator": "_accumulate",
    "StreamError": "_server",
    "Usage": "_values",
    "awrap_sse": "_awire",
    "awrap_stream": "_stream",
    "wrap_sse": "_wire",
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
