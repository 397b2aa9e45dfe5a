"""Which wire format an event belongs to.

For ``wrap()``, ``wrap_sse()`` and ``StreamAccumulator`` to dispatch on:
an Anthropic Messages event and an OpenAI Responses event each name their
``type``; a Chat Completions chunk has none (it has ``object``).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import Any, Literal, Optional

from . import _read
from ._agnostic import CallResponseChunk
from ._event import EventWrapper

Kind = Optional[Literal["anthropic", "responses"]]

ANTHROPIC_TYPES = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "ping",
        "error",
    }
)

# The Responses API's event types as of openai 3.57, for a one-lookup test on
# the wire; kind_of() takes any other "response." type too.
RESPONSES_TYPES = frozenset(
    {
        "error",
        "response.audio.delta",
        "response.audio.done",
        "response.audio.transcript.delta",
        "response.audio.transcript.done",
        "response.code_interpreter_call.completed",
        "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call_code.delta",
        "response.code_interpreter_call_code.done",
        "response.completed",
        "response.content_part.added",
        "response.content_part.done",
        "response.created",
        "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done",
        "response.failed",
        "response.file_search_call.completed",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.image_generation_call.completed",
        "response.image_generation_call.generating",
        "response.image_generation_call.in_progress",
        "response.image_generation_call.partial_image",
        "response.in_progress",
        "response.incomplete",
        "response.mcp_call.completed",
        "response.mcp_call.failed",
        "response.mcp_call.in_progress",
        "response.mcp_call_arguments.delta",
        "response.mcp_call_arguments.done",
        "response.mcp_list_tools.completed",
        "response.mcp_list_tools.failed",
        "response.mcp_list_tools.in_progress",
        "response.output_item.added",
        "response.output_item.done",
        "response.output_text.annotation.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.queued",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_part.done",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done",
        "response.reasoning_text.delta",
        "response.reasoning_text.done",
        "response.refusal.delta",
        "response.refusal.done",
        "response.web_search_call.completed",
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
    }
)


def _unwrapped(payload: Any) -> Any:
    """The event itself: a chunkwrap event wrapper is asked about what it holds."""
    if type(payload) is not dict and isinstance(payload, (EventWrapper, CallResponseChunk)):
        return payload.chunk
    return payload


def _type(event: Any) -> Any:
    if type(event) is dict:
        return event.get("type")
    return _read.field(event, "type") if _read.is_record(event) else None


def kind_of(payload: Any) -> Kind:
    """ "anthropic", "responses", or None (a Chat Completions chunk, or no event at all).

    ``error`` is both formats' error event: Anthropic's nests the error
    object (``{"type": "error", "error": {...}}``), Responses' puts its
    fields at the top level beside a ``sequence_number``.
    """
    event = _unwrapped(payload)
    kind = _type(event)
    if type(kind) is not str:
        return None
    if kind.startswith("response."):
        return "responses"
    if kind == "error":
        nested = _read.field(event, "error")
        if _read.is_record(nested) and _read.field(event, "sequence_number") is None:
            return "anthropic"
        return "responses"
    return "anthropic" if kind in ANTHROPIC_TYPES else None
