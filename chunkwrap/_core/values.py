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


def mapped_finish_reasons(reasons: list[str], table: dict[str, str]) -> list[FinishReason]:
    """``reasons`` through ``table``; a reason it lacks passes through as sent."""
    return cast("list[FinishReason]", [table.get(r, r) for r in reasons])
