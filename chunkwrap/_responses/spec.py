"""What marks an OpenAI Responses event, for the registry (``_formats.py``),
and its finish reasons in common names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._core import read as _read
from .._core.server import StreamError, server_error
from .._core.view import value_types

if TYPE_CHECKING:
    from .._core.values import FinishReason

NAME = "responses"
STREAM = "an OpenAI Responses"
TITLE = "Responses"

# The Responses API's event types as of openai 3.57, for a one-lookup test on
# the wire; claims() takes any other "response." type too.
TYPES = frozenset(
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
# The types that report a failure; the wire reads them through the general
# rule rather than its one lookup.
FAILURES = frozenset({"error", "response.failed"})
SPECIAL = FAILURES


def failure(event: Any, status_code: int | None = None) -> StreamError | None:
    """The failure a ``response.failed`` event reports: its ``response.error``,
    else the event itself; None for any other payload (or one with an ``error``
    of its own, which ``server_error()`` reads)."""
    if _read.field(event, "type") != "response.failed" or _read.field(event, "error"):
        return None
    response = _read.field(event, "response")
    nested = _read.field(response, "error") if _read.is_record(response) else None
    if nested is not None:
        return server_error({"error": nested}, status_code)
    return server_error(event, status_code, event=True)


def claims(event: Any, kind: Any) -> bool:
    """Whether ``event``, whose ``type`` is ``kind``, is a Responses event: any
    ``response.`` type, and an ``error`` that Anthropic's spec did not claim."""
    return type(kind) is str and (kind.startswith("response.") or kind == "error")


# The Responses API has no finish reason: chunkwrap's are the response's
# ``status`` when it completed, else its ``incomplete_details.reason``.
# "completed" is "tool_calls" when the output holds a function call.
FINISH_REASONS = {
    "completed": "stop",
    "max_output_tokens": "length",
    "content_filter": "content_filter",
}


def finish_reasons(reasons: list[str], calls_function: bool) -> list[FinishReason]:
    """A Responses stream's reasons in common names (see :data:`FINISH_REASONS`)."""
    # Through value_types(): the value types load on the first answer that needs them (W6).
    common: list[FinishReason] = value_types().mapped_finish_reasons(reasons, FINISH_REASONS)
    if calls_function:
        return ["tool_calls" if r == "completed" else c for r, c in zip(reasons, common)]
    return common
