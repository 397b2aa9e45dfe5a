"""Value types shared by every wrapper: token usage, cost inputs, finish reasons."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union, cast

import attrs

FinishReason = Literal["stop", "length", "tool_calls", "content_filter"]
"""The provider-agnostic finish reasons, as in Mirascope v1."""

_Number = Optional[Union[int, float]]


@attrs.frozen(weakref_slot=False)
class Usage:
    """Provider-agnostic token usage; ``total_tokens`` is input plus output."""

    input_tokens: int
    cached_tokens: int
    output_tokens: int
    total_tokens: int


@attrs.frozen(weakref_slot=False, kw_only=True)
class CostMetadata:
    """What a price table needs to cost a call; Mirascope v1's field names.

    Every field defaults to None except ``batch_mode`` (False). The media,
    PDF and Google fields hold whatever the caller puts there.
    """

    input_tokens: _Number = None
    output_tokens: _Number = None
    cached_tokens: _Number = None
    streaming_mode: Optional[bool] = None
    cached_response: Optional[bool] = None
    context_length: Optional[int] = None
    realtime_mode: Optional[bool] = None
    region: Optional[str] = None
    tier: Optional[str] = None
    batch_mode: Optional[bool] = False
    images: Optional[list[Any]] = None
    videos: Optional[list[Any]] = None
    audio: Optional[list[Any]] = None
    audio_output: Optional[list[Any]] = None
    pdf: Any = None
    context_cache_tokens: Optional[int] = None
    context_cache_hours: Optional[float] = None
    google: Any = None
    realtime_tokens: Optional[int] = None
    cache_write: Optional[bool] = None
    tool_use_tokens: Optional[int] = None
    cost: Optional[float] = None


def common_usage(input_tokens: _Number, cached_tokens: _Number, output_tokens: _Number) -> Usage | None:
    """Mirascope's rule: None when nothing was counted, else None counts as 0."""
    if input_tokens is None and cached_tokens is None and output_tokens is None:
        return None
    inp = int(input_tokens or 0)
    out = int(output_tokens or 0)
    return Usage(inp, int(cached_tokens or 0), out, inp + out)


_COMMON_FINISH_REASON = {"function_call": "tool_calls"}


def common_finish_reasons(reasons: list[str]) -> list[FinishReason]:
    """Map OpenAI's finish reasons onto :data:`FinishReason`.

    The legacy ``function_call`` becomes ``tool_calls``; a reason no
    provider-agnostic name exists for is passed on as the provider sent it.
    """
    return cast("list[FinishReason]", [_COMMON_FINISH_REASON.get(r, r) for r in reasons])


# Anthropic's stop reasons; ``pause_turn`` (a server tool paused the turn)
# has no common name and passes through.
ANTHROPIC_FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

# The Responses API has no finish reason: chunkwrap's are the response's
# ``status`` when it completed, else its ``incomplete_details.reason``.
# "completed" is "tool_calls" when the output holds a function call.
RESPONSES_FINISH_REASONS = {
    "completed": "stop",
    "max_output_tokens": "length",
    "content_filter": "content_filter",
}


# Gemini's finishReason values (google-genai 3.6's FinishReason). The safety
# family is content_filter; every value not here (MALFORMED_FUNCTION_CALL,
# OTHER, LANGUAGE, FINISH_REASON_UNSPECIFIED, the tool-call and image
# failures, values not known yet) passes through as sent: never "stop".
# "STOP" is "tool_calls" where the answer carries a function call.
GEMINI_FINISH_REASONS = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    **dict.fromkeys(
        (
            "SAFETY",
            "RECITATION",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION",
            "MODEL_ARMOR",
        ),
        "content_filter",
    ),
}


def mapped_finish_reasons(reasons: list[str], table: dict[str, str]) -> list[FinishReason]:
    """``reasons`` through ``table``; a reason it lacks passes through as sent."""
    return cast("list[FinishReason]", [table.get(r, r) for r in reasons])


def responses_finish_reasons(reasons: list[str], calls_function: bool) -> list[FinishReason]:
    """A Responses stream's reasons in common names (see :data:`RESPONSES_FINISH_REASONS`)."""
    common = mapped_finish_reasons(reasons, RESPONSES_FINISH_REASONS)
    if calls_function:
        return ["tool_calls" if r == "completed" else c for r, c in zip(reasons, common)]
    return common


def gemini_finish_reasons(reasons: list[str], calls_function: bool, blocked: bool) -> list[FinishReason]:
    """A Gemini answer's reasons in common names (see :data:`GEMINI_FINISH_REASONS`);
    a prompt blocked by ``promptFeedback.blockReason`` is content_filter, whatever the reason."""
    if blocked:
        return ["content_filter" for _ in reasons]
    common = mapped_finish_reasons(reasons, GEMINI_FINISH_REASONS)
    if calls_function:
        return ["tool_calls" if r == "STOP" else c for r, c in zip(reasons, common)]
    return common
