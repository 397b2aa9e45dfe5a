"""Static checks, read by mypy and pyright (never run by pytest).

Each wrapper satisfies the protocol, and each property has the type the
documentation gives it. Checked with Python 3.9's rules, the oldest
supported: the types in assert_type() are expressions, so Optional and
Union, not ``X | None``.
"""

from __future__ import annotations

from typing import Any, Optional, Union

from anthropic.types import RawMessageStreamEvent
from google.genai.types import GenerateContentResponse
from openai.types.chat import ChatCompletionChunk
from openai.types.responses import ResponseStreamEvent
from typing_extensions import assert_type

from chunkwrap import (
    AnthropicCallResponseChunk,
    CallResponseChunk,
    CostMetadata,
    FinishReason,
    GeminiCallResponseChunk,
    OpenAICallResponseChunk,
    OpenAIDictChunk,
    OpenAIResponsesChunk,
    StreamAccumulator,
    Usage,
    wrap,
)
from chunkwrap.protocol import BaseCallResponseChunk


def sdk_wrapper_satisfies_protocol(chunk: ChatCompletionChunk) -> None:
    w = OpenAICallResponseChunk(chunk)
    as_protocol: BaseCallResponseChunk[ChatCompletionChunk, str] = w
    assert_type(as_protocol.content, str)
    assert_type(w.chunk, ChatCompletionChunk)
    assert_type(w.content, str)
    assert_type(w.finish_reasons, list[str])
    assert_type(w.model, Optional[str])
    assert_type(w.id, Optional[str])
    assert_type(w.usage, Any)
    assert_type(w.input_tokens, Optional[int])
    assert_type(w.output_tokens, Optional[int])
    assert_type(w.cached_tokens, Optional[int])
    assert_type(w.reasoning_tokens, Optional[int])
    assert_type(w.audio, Optional[bytes])
    assert_type(w.audio_transcript, Optional[str])
    assert_type(w.reasoning, str)
    assert_type(w.refusal, str)
    assert_type(w.tool_calls, list[Any])
    assert_type(w.cost_metadata, CostMetadata)
    assert_type(w.common_finish_reasons, list[FinishReason])
    assert_type(w.common_usage, Optional[Usage])
    assert_type(str(w), str)


def dict_wrapper_satisfies_protocol(chunk: dict[str, Any]) -> None:
    w = OpenAIDictChunk(chunk)
    as_protocol: BaseCallResponseChunk[Any, str] = w
    assert_type(as_protocol.common_usage, Optional[Usage])
    assert_type(w.content, str)
    assert_type(w.audio, Optional[bytes])
    assert_type(
        wrap(chunk),
        Union[
            OpenAICallResponseChunk,
            OpenAIDictChunk,
            AnthropicCallResponseChunk[Any],
            OpenAIResponsesChunk[Any],
            GeminiCallResponseChunk[Any],
        ],
    )


def agnostic_wrapper_satisfies_protocol(chunk: ChatCompletionChunk) -> None:
    c = CallResponseChunk(OpenAICallResponseChunk(chunk))
    as_protocol: BaseCallResponseChunk[ChatCompletionChunk, FinishReason] = c
    assert_type(as_protocol.finish_reasons, Optional[list[FinishReason]])
    assert_type(c.finish_reasons, Optional[list[FinishReason]])
    assert_type(c.usage, Optional[Usage])
    assert_type(c.cost_metadata, CostMetadata)


def accumulator_types(acc: StreamAccumulator) -> None:
    assert_type(acc.content, str)
    assert_type(acc.tool_calls, list[dict[str, Any]])
    assert_type(acc.audio, Optional[bytes])
    assert_type(acc.common_usage, Optional[Usage])
    assert_type(acc.to_dict(), dict[str, Any])


def anthropic_wrapper_satisfies_protocol(event: RawMessageStreamEvent) -> None:
    w = AnthropicCallResponseChunk(event)
    as_protocol: BaseCallResponseChunk[RawMessageStreamEvent, str] = w
    assert_type(as_protocol.content, str)
    assert_type(w.chunk, RawMessageStreamEvent)
    assert_type(w.type, str)
    assert_type(w.finish_reasons, list[str])
    assert_type(w.input_tokens, Optional[int])
    assert_type(w.reasoning, str)
    assert_type(w.refusal, str)
    assert_type(w.tool_calls, list[dict[str, Any]])
    assert_type(w.reasoning_tokens, Optional[int])
    assert_type(w.common_finish_reasons, list[FinishReason])
    assert_type(w.common_usage, Optional[Usage])
    assert_type(w.cost_metadata, CostMetadata)
    c = CallResponseChunk(w)
    agnostic: BaseCallResponseChunk[RawMessageStreamEvent, FinishReason] = c
    assert_type(agnostic.finish_reasons, Optional[list[FinishReason]])


def responses_wrapper_satisfies_protocol(event: ResponseStreamEvent, raw: dict[str, Any]) -> None:
    w = OpenAIResponsesChunk(event)
    as_protocol: BaseCallResponseChunk[ResponseStreamEvent, str] = w
    assert_type(as_protocol.model, Optional[str])
    assert_type(w.chunk, ResponseStreamEvent)
    assert_type(w.content, str)
    assert_type(w.refusal, str)
    assert_type(w.tool_calls, list[dict[str, Any]])
    assert_type(w.common_finish_reasons, list[FinishReason])
    from_json: BaseCallResponseChunk[Any, str] = OpenAIResponsesChunk(raw)
    assert_type(from_json.content, str)
    assert_type(OpenAIResponsesChunk(raw).chunk, dict[str, Any])


def gemini_wrapper_satisfies_protocol(response: GenerateContentResponse, raw: dict[str, Any]) -> None:
    w = GeminiCallResponseChunk(response)
    as_protocol: BaseCallResponseChunk[GenerateContentResponse, str] = w
    assert_type(as_protocol.content, str)
    assert_type(w.chunk, GenerateContentResponse)
    assert_type(w.finish_reasons, list[str])
    assert_type(w.input_tokens, Optional[int])
    assert_type(w.reasoning, str)
    assert_type(w.refusal, str)
    assert_type(w.tool_calls, list[dict[str, Any]])
    assert_type(w.reasoning_tokens, Optional[int])
    assert_type(w.common_finish_reasons, list[FinishReason])
    assert_type(w.common_usage, Optional[Usage])
    assert_type(w.cost_metadata, CostMetadata)
    from_json: BaseCallResponseChunk[Any, str] = GeminiCallResponseChunk(raw)
    assert_type(from_json.model, Optional[str])
    c = CallResponseChunk(w)
    agnostic: BaseCallResponseChunk[GenerateContentResponse, FinishReason] = c
    assert_type(agnostic.finish_reasons, Optional[list[FinishReason]])


def negative_check(chunk: dict[str, Any]) -> None:
    """An error these checks must keep seeing: were a wrapper's content ever
    typed loosely, the ignore below would be unused, which mypy's
    warn_unused_ignores makes a failure."""
    w = OpenAIDictChunk(chunk)
    count: int = w.content  # type: ignore[assignment]
    del count
