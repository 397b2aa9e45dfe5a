"""What marks a Chat Completions chunk, for the registry (``_formats.py``)."""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core import read as _read

NAME = "chat"
STREAM = "a Chat Completions"
PATH = "choices"  # the member that marks its chunks, for the error of one in another stream

MEMBERS = ("choices", "object", "usage", "x_groq")
"""A Chat Completions chunk has one of these: ``choices`` nearly always (``[]``
in a usage-only chunk and in Azure's blank first chunk), ``object`` and
``usage`` where a usage-only chunk sends no choices, ``x_groq`` for Groq's
usage. ``id``, ``model`` and ``created`` alone make none: other APIs' objects
have them too (an Ollama ``/api/chat`` line has ``model``)."""

WHOLE_OBJECTS = frozenset({"chat.completion", "text_completion", "response", "list", "model", "embedding"})
"""The ``object`` of what is no chunk of a stream though it has chunks' members: a whole
answer (``stream`` not set), a legacy completion, a Responses ``response``, a listing."""


def claims(event: Any, kind: Any) -> bool:
    """Whether ``event`` is a chat chunk: it has one of MEMBERS and is no whole
    answer (:func:`is_whole`); its ``type``, ``kind``, plays no part."""
    if type(event) is dict or isinstance(event, Mapping):
        found = any(name in event for name in MEMBERS)
    else:
        found = _read.is_record(event) and any(_read.field(event, name) is not None for name in MEMBERS)
    return found and not is_whole(event)


def is_whole(payload: Any) -> bool:
    """Whether ``payload`` is a whole object, not a chunk: its ``object`` one of
    WHOLE_OBJECTS (a chunk's is ``chat.completion.chunk``), or Anthropic's whole
    ``message`` (which has ``usage``, as a usage-only chat chunk has)."""
    kind = _read.field(payload, "object")
    if type(kind) is str and kind in WHOLE_OBJECTS:
        return True
    kind = _read.field(payload, "type")
    return type(kind) is str and kind == "message"
