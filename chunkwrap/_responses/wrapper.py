"""``OpenAIResponsesChunk``: one OpenAI Responses API stream event.

A dict parsed from the event's JSON, or the openai SDK's event model
(``ResponseStreamEvent``), or any object with the same attributes. Text,
refusal, reasoning and function-call arguments arrive in their own event
types; the model, id and usage only in the ``response`` that the lifecycle
events (``response.created``, ``response.completed``...) carry.
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
    EVENT_REFUSAL,
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
from . import spec

if TYPE_CHECKING:
    from .._core.values import FinishReason

_TEXT = "response.output_text.delta"
_REASONING = frozenset({"response.reasoning_summary_text.delta", "response.reasoning_text.delta"})
_SUMMARY_PART = "response.reasoning_summary_part.added"
# Between the parts of a reasoning summary, each a paragraph of its own
# (``**A title**\n\nText.``): joined with nothing, one part's last sentence
# runs into the next one's title.
SUMMARY_BREAK = "\n\n"


# The type of what was wrapped: the SDK's ResponseStreamEvent, or a dict from JSON.
_EventT = TypeVar("_EventT")


# eq, getstate_setstate and repr False: the base class's (the event only).
@attrs.frozen(init=False, weakref_slot=False, eq=False, getstate_setstate=False, repr=False)
class OpenAIResponsesChunk(EventWrapper[_EventT]):
    """A lazy view of one Responses stream event: each property read once, then kept."""

    @property
    def content(self) -> str:
        """A ``response.output_text.delta``'s text; "" for every other event."""
        content = self._cache[CONTENT]
        if content is UNSET:
            cache = self._cache
            chunk = cache[CHUNK]
            if type(chunk) is dict:
                kind = chunk.get("type")
                if kind == _TEXT:
                    content = chunk.get("delta")
                elif type(kind) is str:
                    content = ""
            else:
                try:
                    kind = chunk.type
                    if kind == _TEXT:
                        content = chunk.delta
                    elif type(kind) is str:
                        content = ""
                except Exception:
                    pass  # the general path reads it again and names the field
            if type(content) is not str:
                content = _delta(chunk, _TEXT)
            cache[CONTENT] = content
        return content  # type: ignore[no-any-return]

    @property
    @kept(EVENT_REFUSAL)
    def refusal(self) -> str:
        """A ``response.refusal.delta``'s text; "" for every other event."""
        return _delta(self._cache[CHUNK], "response.refusal.delta")

    @property
    @kept(EVENT_REASONING)
    def reasoning(self) -> str:
        """A reasoning summary's or reasoning text's delta; the blank line that
        starts a summary's second and later parts (their ``part.added``
        event); "" for every other event. Joined in order, they are the
        fold's ``reasoning`` wherever each part has text, as in every capture."""
        chunk = self._cache[CHUNK]
        kind = type_of(chunk)
        if kind in _REASONING:
            return _event.text(chunk, "delta", "delta")
        if kind == _SUMMARY_PART:
            # Read leniently, as the fold (which reads the deltas) ignores it.
            index = _read.field(chunk, "summary_index")
            return SUMMARY_BREAK if type(index) is int and index > 0 else ""
        return ""

    @property
    @kept(EVENT_TOOL_CALLS)
    def tool_calls(self) -> list[dict[str, Any]]:
        """Function-call fragments shaped as Chat Completions', by ``output_index``.

        ``response.output_item.added`` of a function call gives its
        ``call_id`` (the id the client answers with), name and any arguments
        so far; each ``response.function_call_arguments.delta`` more arguments.
        """
        chunk = self._cache[CHUNK]
        kind = type_of(chunk)
        if kind == "response.output_item.added":
            item = _event.record(chunk, "item", "item")
            if _read.text(item, "type", "item.type") != "function_call":
                return []
            return [
                {
                    "index": _event.count(chunk, "output_index", "output_index"),
                    "id": _event.text(item, "call_id", "item.call_id"),
                    "type": "function",
                    "function": {
                        "name": _event.text(item, "name", "item.name"),
                        "arguments": _read.text(item, "arguments", "item.arguments") or "",
                    },
                }
            ]
        if kind == "response.function_call_arguments.delta":
            arguments = _event.text(chunk, "delta", "delta")
            return [
                {
                    "index": _event.count(chunk, "output_index", "output_index"),
                    "function": {"arguments": arguments},
                }
            ]
        return []

    @property
    def _response(self) -> Any:
        """The ``response`` a lifecycle event carries, else None."""
        chunk = self._cache[CHUNK]
        if type(chunk) is dict:
            response = chunk.get("response")
            if response is None or type(response) is dict:
                return response
        return _read.record(chunk, "response", "response")

    @property
    @kept(FINISH_REASONS)
    def finish_reasons(self) -> list[str]:
        """["completed"] for ``response.completed``; ``incomplete_details.reason``
        for ``response.incomplete`` (["incomplete"] when it gives none); else []."""
        chunk = self._cache[CHUNK]
        kind = type_of(chunk)
        if kind == "response.completed":
            return ["completed"]
        if kind == "response.incomplete":
            response = _event.record(chunk, "response", "response")
            details = _read.record(response, "incomplete_details", "response.incomplete_details")
            reason = None
            if details is not None:
                reason = _read.text(details, "reason", "response.incomplete_details.reason")
            return [reason or "incomplete"]
        return []

    @property
    @cached(COMMON_FINISH_REASONS)
    def common_finish_reasons(self) -> list[FinishReason]:
        """completed is stop, or tool_calls when the output holds a function call;
        max_output_tokens is length, content_filter content_filter."""
        reasons = self.finish_reasons
        calls = bool(reasons) and calls_function(_read.items(self._response, "output", "response.output"))
        common: list[FinishReason] = spec.finish_reasons(reasons, calls)
        return common

    @property
    def model(self) -> str | None:
        """``response.model`` of a lifecycle event; None for every other event."""
        response = self._response
        return None if response is None else _read.text(response, "model", "response.model")

    @property
    def id(self) -> str | None:
        """``response.id`` of a lifecycle event; None for every other event."""
        response = self._response
        return None if response is None else _read.text(response, "id", "response.id")

    @property
    @kept(USAGE_OBJECT)
    def usage(self) -> Any:
        """``response.usage`` as sent (null until the response is done), or None."""
        response = self._response
        return None if response is None else _read.record(response, "usage", "response.usage")

    @property
    @kept(INPUT_TOKENS)
    def input_tokens(self) -> int | None:
        """``usage.input_tokens``: every prompt token, cached ones included."""
        return _read.count_in_usage(self.usage, "response.usage", "input_tokens")

    @property
    @kept(CACHED_TOKENS)
    def cached_tokens(self) -> int | None:
        """``usage.input_tokens_details.cached_tokens``."""
        return _read.detail_in_usage(self.usage, "response.usage", "input_tokens_details", "cached_tokens")

    @property
    @kept(OUTPUT_TOKENS)
    def output_tokens(self) -> int | None:
        """``usage.output_tokens``, reasoning included."""
        return _read.count_in_usage(self.usage, "response.usage", "output_tokens")

    @property
    @cached(REASONING_TOKENS)
    def reasoning_tokens(self) -> int | None:
        """``usage.output_tokens_details.reasoning_tokens``."""
        return _read.detail_in_usage(
            self.usage, "response.usage", "output_tokens_details", "reasoning_tokens"
        )


def _delta(chunk: Any, kind: str) -> str:
    """The general path: the ``delta`` text of an event of type ``kind``, else ""."""
    return _event.text(chunk, "delta", "delta") if type_of(chunk) == kind else ""


def calls_function(output: list[Any]) -> bool:
    """Whether a response's output holds a function call (then it finished for tool_calls)."""
    return any(_read.field(item, "type") == "function_call" for item in output)
