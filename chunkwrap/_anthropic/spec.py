"""What marks an Anthropic Messages event, for the registry (``_formats.py``),
and its stop reasons in common names."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import Any

from .._core import read as _read

NAME = "anthropic"
STREAM = "an Anthropic Messages"
TITLE = "Anthropic"

TYPES = frozenset(
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
# The type that reports a failure; the wire reads it, and the ping it skips,
# through the general rule rather than its one lookup.
FAILURES = frozenset({"error"})
SPECIAL = FAILURES | {"ping"}


def claims(event: Any, kind: Any) -> bool:
    """Whether ``event``, whose ``type`` is ``kind``, is an Anthropic event.
    ``error`` is both event formats' error event: Anthropic's nests the error
    object (``{"type": "error", "error": {...}}``), Responses' puts its
    fields at the top level beside a ``sequence_number``."""
    if type(kind) is not str or kind not in TYPES:
        return False
    if kind == "error":
        nested = _read.field(event, "error")
        return _read.is_record(nested) and _read.field(event, "sequence_number") is None
    return True


# Anthropic's stop reasons; ``pause_turn`` (a server tool paused the turn)
# has no common name and passes through.
FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
