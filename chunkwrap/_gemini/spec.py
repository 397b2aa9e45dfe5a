"""What marks a Gemini chunk, for the registry (``_formats.py``), and its
finish reasons in common names."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core import read as _read
from .._core.view import value_types

if TYPE_CHECKING:
    from .._core.values import FinishReason

NAME = "gemini"
STREAM = "a Gemini"
PATH = "candidates"  # the member that marks its chunks, for the error of one in another stream

MEMBERS = ("candidates", "usageMetadata", "promptFeedback")
"""A Gemini ``GenerateContentResponse`` has one of these, as the wire spells them:
every chunk has ``usageMetadata``, a blocked prompt ``promptFeedback`` and
no candidates."""

# The same, as the google-genai SDK's model (and any attribute object) names them.
ATTRIBUTES = ("candidates", "usage_metadata", "prompt_feedback")


def claims(event: Any, kind: Any) -> bool:
    """Whether ``event`` is a Gemini chunk: it sends no ``type`` (``kind``), and :func:`is_gemini`."""
    return type(kind) is not str and is_gemini(event)


def is_gemini(event: Any) -> bool:
    """Whether ``event`` (no event wrapper) is a Gemini chunk: a Mapping with
    one of MEMBERS, or an object with one of ATTRIBUTES set
    (the SDK's model holds them all, None where not sent). Never a chat chunk."""
    if type(event) is dict or isinstance(event, Mapping):
        return "choices" not in event and any(name in event for name in MEMBERS)
    if not _read.is_record(event) or _read.field(event, "choices") is not None:
        return False
    return any(_read.field(event, name) is not None for name in ATTRIBUTES)


# Gemini's finishReason values (google-genai 3.6's FinishReason). The safety
# family is content_filter; every value not here (MALFORMED_FUNCTION_CALL,
# OTHER, LANGUAGE, FINISH_REASON_UNSPECIFIED, the tool-call and image
# failures, values not known yet) passes through as sent: never "stop".
# "STOP" is "tool_calls" where the answer carries a function call.
FINISH_REASONS = {
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


def finish_reasons(reasons: list[str], calls_function: bool, blocked: bool) -> list[FinishReason]:
    """A Gemini answer's reasons in common names (see :data:`FINISH_REASONS`);
    a prompt blocked by ``promptFeedback.blockReason`` is content_filter, whatever the reason."""
    if blocked:
        return ["content_filter" for _ in reasons]
    # Through value_types(): the value types load on the first answer that needs them (W6).
    common: list[FinishReason] = value_types().mapped_finish_reasons(reasons, FINISH_REASONS)
    if calls_function:
        return ["tool_calls" if r == "STOP" else c for r, c in zip(reasons, common)]
    return common
