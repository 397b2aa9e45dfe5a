"""Which wire format an event belongs to, and what is no chunk of any.

For ``wrap()``, ``wrap_sse()``, ``StreamAccumulator`` and the command line
to dispatch on, one rule (:func:`format_of`): an Anthropic Messages event and
an OpenAI Responses event each name their ``type``; a Gemini chunk has
``candidates``, ``usageMetadata`` or ``promptFeedback``; a Chat Completions
chunk has one of :data:`CHAT_MEMBERS`; any other JSON object is no chunk
(:func:`unknown_format`), never an empty chat chunk.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Optional

from ._core import read as _read
from ._core.agnostic import CallResponseChunk
from ._core.errors import ChunkError
from ._core.view import LazyView

Kind = Optional[Literal["anthropic", "responses", "gemini"]]
Format = Optional[Literal["chat", "anthropic", "responses", "gemini"]]

CHAT_MEMBERS = ("choices", "object", "usage", "x_groq")
"""A Chat Completions chunk has one of these: ``choices`` nearly always (``[]``
in a usage-only chunk and in Azure's blank first chunk), ``object`` and
``usage`` where a usage-only chunk sends no choices, ``x_groq`` for Groq's
usage. ``id``, ``model`` and ``created`` alone make none: other APIs' objects
have them too (an Ollama ``/api/chat`` line has ``model``)."""

GEMINI_MEMBERS = ("candidates", "usageMetadata", "promptFeedback")
"""A Gemini ``GenerateContentResponse`` has one of these, as the wire spells them:
every chunk has ``usageMetadata``, a blocked prompt ``promptFeedback`` and
no candidates."""

# The same, as the google-genai SDK's model (and any attribute object) names them.
GEMINI_ATTRIBUTES = ("candidates", "usage_metadata", "prompt_feedback")

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
    """The chunk itself: a chunkwrap wrapper is asked about what it holds."""
    if type(payload) is not dict and isinstance(payload, (LazyView, CallResponseChunk)):
        return payload.chunk
    return payload


def _type(event: Any) -> Any:
    if type(event) is dict:
        return event.get("type")
    return _read.field(event, "type") if _read.is_record(event) else None


def kind_of(payload: Any) -> Kind:
    """ "anthropic", "responses", "gemini", or None (a Chat Completions chunk,
    or no chunk at all: :func:`format_of` tells them apart).

    ``error`` is both formats' error event: Anthropic's nests the error
    object (``{"type": "error", "error": {...}}``), Responses' puts its
    fields at the top level beside a ``sequence_number``.
    """
    event = _unwrapped(payload)
    kind = _type(event)
    if type(kind) is not str:
        return "gemini" if is_gemini(event) else None
    if kind.startswith("response."):
        return "responses"
    if kind == "error":
        nested = _read.field(event, "error")
        if _read.is_record(nested) and _read.field(event, "sequence_number") is None:
            return "anthropic"
        return "responses"
    return "anthropic" if kind in ANTHROPIC_TYPES else None


def is_gemini(event: Any) -> bool:
    """Whether ``event`` (no event wrapper) is a Gemini chunk: a Mapping with
    one of GEMINI_MEMBERS, or an object with one of GEMINI_ATTRIBUTES set
    (the SDK's model holds them all, None where not sent). Never a chat chunk."""
    if type(event) is dict or isinstance(event, Mapping):
        return "choices" not in event and any(name in event for name in GEMINI_MEMBERS)
    if not _read.is_record(event) or _read.field(event, "choices") is not None:
        return False
    return any(_read.field(event, name) is not None for name in GEMINI_ATTRIBUTES)


WHOLE_OBJECTS = frozenset({"chat.completion", "text_completion", "response", "list", "model", "embedding"})
"""The ``object`` of what is no chunk of a stream though it has chunks' members: a whole
answer (``stream`` not set), a legacy completion, a Responses ``response``, a listing."""


def format_of(payload: Any) -> Format:
    """The format ``payload`` is a chunk of; None when it is a chunk of none
    (then :func:`unknown_format` is the error to raise). A chat chunk has one
    of CHAT_MEMBERS and is no whole answer (:func:`is_whole`)."""
    kind = kind_of(payload)
    if kind is not None:
        return kind
    event = _unwrapped(payload)
    if type(event) is dict or isinstance(event, Mapping):
        found = any(name in event for name in CHAT_MEMBERS)
    else:
        found = _read.is_record(event) and any(_read.field(event, name) is not None for name in CHAT_MEMBERS)
    return "chat" if found and not is_whole(event) else None


def is_whole(payload: Any) -> bool:
    """Whether ``payload`` is a whole object, not a chunk: its ``object`` one of
    WHOLE_OBJECTS (a chunk's is ``chat.completion.chunk``), or Anthropic's whole
    ``message`` (which has ``usage``, as a usage-only chat chunk has)."""
    kind = _read.field(payload, "object")
    if type(kind) is str and kind in WHOLE_OBJECTS:
        return True
    kind = _read.field(payload, "type")
    return type(kind) is str and kind == "message"


def unknown_format(payload: Any, where: str) -> ChunkError:
    """The error for a JSON object of no known format, at ``where`` (``<event 3>``, ``<chunk>``)."""
    event = _unwrapped(payload)
    if type(event) is dict or isinstance(event, Mapping):
        names = [str(name) for name in event][:5]
        has = (
            f"its members: {', '.join(names)}" + (", ..." if len(event) > 5 else "")
            if names
            else "it is empty"
        )
    else:
        has = f"a {type(event).__name__}"
    if (isinstance(event, Mapping) or _read.is_record(event)) and is_whole(event):
        kind = _read.field(event, "object")
        name = repr(kind) if type(kind) is str and kind in WHOLE_OBJECTS else "'message'"
        return ChunkError(where, f"a whole {name} object, not a chunk of a stream (stream it: stream: true)")
    known = ", ".join((*CHAT_MEMBERS, *GEMINI_MEMBERS))
    return ChunkError(
        where, f"not a chunk of any known format (none of {known}, nor an Anthropic or Responses type); {has}"
    )
