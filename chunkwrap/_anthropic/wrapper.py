"""``AnthropicCallResponseChunk``: one Anthropic Messages stream event.

A dict parsed from the event's JSON, or the anthropic SDK's event model
(``RawMessageStreamEvent``), or any object with the same attributes; the
anthropic package is never imported. Where an answer differs from
Mirascope v1's, the difference is the issue's (14) and the README's:
``finish_reasons`` from ``message_delta`` (Mirascope reads ``message_start``,
where it is always null), and ``input_tokens`` counting the cached prompt
(and a compaction step's, which the API's counts leave out).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._core import event as _event
from .._core import read as _read
from .._core.event import EventWrapper, type_of
from .._core.lazy import (
    CACHED_TOKENS,
    CHUNK,
    COMMON_FINISH_REASONS,
    CONTENT,
    EVENT_REASONING,
    EVENT_TOOL_CALLS,
    FINISH_REASONS,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    REASONING_TOKENS,
    UNSET,
    USAGE_OBJECT,
    cached,
    kept,
)
from .._core.view import value_types
from . import spec

if TYPE_CHECKING:
    from .._core.values import FinishReason


# The type of what was wrapped: the SDK's RawMessageStreamEvent, or a dict from JSON.
_EventT = TypeVar("_EventT")


# eq, getstate_setstate and repr False: the base class's (the event only).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class AnthropicCallResponseChunk(EventWrapper[_EventT]):
    """A lazy view of one Messages stream event: each property read once, then kept."""

    @property
    def content(self) -> str:
        """A ``text_delta``'s text; "" for every other event."""
        content = self._cache[CONTENT]
        if content is UNSET:
            cache = self._cache
            chunk = cache[CHUNK]
            if type(chunk) is dict:
                kind = chunk.get("type")
                if kind == "content_block_delta":
                    delta = chunk.get("delta")
                    if type(delta) is dict:
                        content = delta.get("text") if delta.get("type") == "text_delta" else ""
                elif type(kind) is str:
                    content = ""
            else:
                try:
                    kind = chunk.type
                    if kind == "content_block_delta":
                        delta = chunk.delta
                        content = delta.text if delta.type == "text_delta" else ""
                    elif type(kind) is str:
                        content = ""
                except Exception:
                    pass  # the general path reads it again and names the field
            if type(content) is not str:
                content = _delta_text(chunk, "text_delta", "text")
            cache[CONTENT] = content
        return content  # type: ignore[no-any-return]

    @property
    @kept(EVENT_REASONING)
    def reasoning(self) -> str:
        """A ``thinking_delta``'s thinking; "" for every other event."""
        return _delta_text(self._cache[CHUNK], "thinking_delta", "thinking")

    @property
    def refusal(self) -> str:
        """Always "": Anthropic refuses with ``stop_reason: "refusal"``, not with text."""
        return ""

    @property
    @kept(EVENT_TOOL_CALLS)
    def tool_calls(self) -> list[dict[str, Any]]:
        """Tool-call fragments shaped as Chat Completions', by block ``index``.

        A ``tool_use`` block's start gives the id and name (arguments ""),
        each ``input_json_delta`` more arguments. One event cannot tell a
        server tool's input from a client tool's: the fold can, and keeps
        only the client's.
        """
        chunk = self._cache[CHUNK]
        kind = type_of(chunk)
        if kind == "content_block_start":
            block = _event.record(chunk, "content_block", "content_block")
            if _read.text(block, "type", "content_block.type") != "tool_use":
                return []
            return [
                {
                    "index": _event.count(chunk, "index", "index"),
                    "id": _event.text(block, "id", "content_block.id"),
                    "type": "function",
                    "function": {"name": _event.text(block, "name", "content_block.name"), "arguments": ""},
                }
            ]
        if kind == "content_block_delta":
            delta = _event.record(chunk, "delta", "delta")
            if _read.text(delta, "type", "delta.type") != "input_json_delta":
                return []
            arguments = _event.text(delta, "partial_json", "delta.partial_json")
            return [{"index": _event.count(chunk, "index", "index"), "function": {"arguments": arguments}}]
        return []

    @property
    @kept(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """``message_delta``'s ``delta.stop_reason`` as sent; [] for every other event."""
        chunk = self._cache[CHUNK]
        if type_of(chunk) != "message_delta":
            return []
        reason = _read.text(_event.record(chunk, "delta", "delta"), "stop_reason", "delta.stop_reason")
        return [reason] if reason else []

    @property
    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """end_turn and stop_sequence are stop, max_tokens length, tool_use tool_calls,
        refusal content_filter; pause_turn passes through."""
        values = value_types()
        reasons: list[FinishReason] = values.mapped_finish_reasons(self.finish_reasons, spec.FINISH_REASONS)
        return reasons

    @property
    def model(self) -> str | None:
        """``message.model`` of ``message_start``; None for every other event."""
        message = _message(self._cache[CHUNK])
        return None if message is None else _read.text(message, "model", "message.model")

    @property
    def id(self) -> str | None:
        """``message.id`` of ``message_start``; None for every other event."""
        message = _message(self._cache[CHUNK])
        return None if message is None else _read.text(message, "id", "message.id")

    @property
    @kept(USAGE_OBJECT)
    def _usage_found(self) -> tuple[Any, str]:
        chunk = self._cache[CHUNK]
        kind = type_of(chunk)
        if kind == "message_start":
            message = _event.record(chunk, "message", "message")
            return _read.record(message, "usage", "message.usage"), "message.usage"
        if kind == "message_delta":
            return _read.record(chunk, "usage", "usage"), "usage"
        return None, "usage"

    @property
    def usage(self) -> Any:
        """The event's usage object as sent (``message_start``'s or ``message_delta``'s), or None."""
        return self._usage_found[0]

    def _count(self, name: str) -> int | None:
        found, path = self._usage_found
        return _read.count_in_usage(found, path, name)

    @property
    @kept(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """Every prompt token: ``input_tokens`` plus the cache reads and writes,
        and a compaction step's (``usage.iterations``).

        Anthropic's ``input_tokens`` leaves the cache out. None when the
        event's usage has no ``input_tokens`` (a ``message_delta`` may not).
        """
        uncached = self._count("input_tokens")
        if uncached is None:
            return None
        steps = compaction_counts(*self._usage_found)
        return every_prompt_token(
            uncached, self._count("cache_read_input_tokens"), self._count("cache_creation_input_tokens")
        ) + every_prompt_token(*steps[:3])

    @property
    @kept(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``cache_read_input_tokens``: the prompt tokens read from the cache (a compaction step's too)."""
        return with_steps(self._count("cache_read_input_tokens"), compaction_counts(*self._usage_found)[1])

    @property
    @kept(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``output_tokens``, cumulative: the message's count so far (a compaction step's too)."""
        return with_steps(self._count("output_tokens"), compaction_counts(*self._usage_found)[3])

    @property
    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``output_tokens_details.thinking_tokens``, where the API reports it."""
        found, path = self._usage_found
        return _read.detail_in_usage(found, path, "output_tokens_details", "thinking_tokens")


def _delta_text(chunk: Any, delta_type: str, name: str) -> str:
    """The general path: ``delta.<name>`` of a content_block_delta of ``delta_type``, else ""."""
    if type_of(chunk) != "content_block_delta":
        return ""
    delta = _event.record(chunk, "delta", "delta")
    if _read.text(delta, "type", "delta.type") != delta_type:
        return ""
    return _event.text(delta, name, f"delta.{name}")


def _message(chunk: Any) -> Any:
    """``message_start``'s message, else None."""
    if type(chunk) is dict:
        message = chunk.get("message")
        if type(message) is dict:
            return message
    if type_of(chunk) != "message_start":
        return None
    return _event.record(chunk, "message", "message")


def every_prompt_token(uncached: int, read: int | None, written: int | None) -> int:
    """Anthropic's ``input_tokens`` leaves the cache out: every prompt token
    is it plus the cache reads and writes (the one meaning of input_tokens
    across formats)."""
    return uncached + (read or 0) + (written or 0)


_STEP_COUNTS = ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens")
_NO_STEPS = (0, 0, 0, 0)


def compaction_counts(usage: Any, path: str) -> tuple[int, int, int, int]:
    """The counts of ``usage.iterations``' compaction entries, summed: input,
    cache read, cache write, output; zeros when there are none.

    The API's top-level counts leave a compaction step out ("A compaction
    entry's tokens are not included in the top-level usage fields": the
    anthropic SDK's ``BetaUsage.iterations``), though it read and wrote
    tokens in the same request: added, they make input_tokens every prompt
    token. The ``message`` entries are the top-level counts' own parts,
    and any other kind is not said to be left out: neither is added.
    """
    if usage is None:
        return _NO_STEPS
    steps = _read.items(usage, "iterations", f"{path}.iterations")
    if not steps:
        return _NO_STEPS
    totals = [0, 0, 0, 0]
    for i, step in enumerate(steps):
        where = f"{path}.iterations[{i}]"
        if not _read.is_record(step):
            raise _read.wrong(where, "an object", step)
        if _event.text(step, "type", f"{where}.type") == "compaction":
            for n, name in enumerate(_STEP_COUNTS):
                totals[n] += _read.count(step, name, f"{where}.{name}") or 0
    return totals[0], totals[1], totals[2], totals[3]


def with_steps(count: int | None, steps: int) -> int | None:
    """A top-level count plus the compaction steps' (None when neither is there)."""
    return count if not steps else (count or 0) + steps
