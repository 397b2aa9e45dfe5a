"""What the event folds share: reading an event's fields, copying what
was sent, and the answers derived from the token counts.

Each event format's fold (``_anthropic/fold.py``, ``_responses/fold.py``, ``_gemini/fold.py``)
derives ``EventFold`` and writes what depends on its format: ``add()``, the counts, ``to_dict()``.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from . import read as _read
from .agnostic import CallResponseChunk
from .errors import ChunkError
from .event import EventWrapper
from .plain import plain
from .read import as_fields, model_fields, wrong
from .values import CostMetadata, Usage, common_usage

if TYPE_CHECKING:
    from .values import FinishReason


class EventFold:
    """The part of an event fold that is the same for every format."""

    STREAM: ClassVar[str]  # for messages: "a chunk in an Anthropic Messages stream"
    PATH: ClassVar[str] = "type"  # where a chunk of this format differs from a chat chunk
    # Whether add() takes the chunk itself rather than the fields the
    # accumulator read (an SDK model's __dict__, which for Gemini does not
    # bear the wire's names).
    WHOLE: ClassVar[bool] = False
    __slots__ = ("_chunks", "id", "model")

    def __init__(self) -> None:
        self.id: str | None = None
        self.model: str | None = None
        self._chunks = 0

    def __repr__(self) -> str:
        return f"<{type(self).__name__} chunks={self._chunks} model={self.model!r}>"

    def mixed(self) -> ChunkError:
        """The error for a Chat Completions chunk in this stream: the registry's,
        which knows the formats (loaded here, for this error alone)."""
        from .. import _formats  # noqa: PLC0415 - see the docstring

        return _formats.mixed(self.STREAM)

    def untyped(self, kind: Any, fields: Mapping[str, Any]) -> ChunkError:
        """The error for an event whose ``type`` is ``kind``, not a string."""
        if kind is None and "choices" in fields:
            return self.mixed()
        if kind is None:
            # The registry knows the other event formats; loaded here, for this error alone.
            from .. import _formats  # noqa: PLC0415 - see the comment

            error = _formats.foreign(fields, self.STREAM)
            if error is not None:
                return error
        return wrong("type", "a string", kind)

    if TYPE_CHECKING:
        # Written by each format's fold: what StreamAccumulator asks of it
        # (tests/test_registry.py asks every format's fold for each).
        def add(self, event: Any, /) -> None: ...
        @property
        def content(self) -> str: ...
        @property
        def reasoning(self) -> str: ...
        @property
        def refusal(self) -> str: ...
        @property
        def tool_calls(self) -> list[dict[str, Any]]: ...
        @property
        def finish_reasons(self) -> list[str]: ...
        @property
        def common_finish_reasons(self) -> list[FinishReason]: ...
        @property
        def usage(self) -> Any: ...
        @property
        def input_tokens(self) -> int | None: ...
        @property
        def cached_tokens(self) -> int | None: ...
        @property
        def output_tokens(self) -> int | None: ...
        @property
        def reasoning_tokens(self) -> int | None: ...
        def to_dict(self) -> dict[str, Any]: ...
        # Each tool call's live list of argument fragments, in tool_calls' order;
        # the live fragment lists whose texts, one after another, are content.
        def arguments_parts(self) -> list[list[str]]: ...
        def content_parts(self) -> list[list[str]]: ...

    @property
    def chunks(self) -> int:
        """How many events were added."""
        return self._chunks

    @property
    def common_usage(self) -> Usage | None:
        return common_usage(self.input_tokens, self.cached_tokens, self.output_tokens)

    @property
    def cost_metadata(self) -> CostMetadata:
        return CostMetadata(
            input_tokens=self.input_tokens, output_tokens=self.output_tokens, cached_tokens=self.cached_tokens
        )


def event_fields(event: Any, wrapper: type[Any]) -> Mapping[str, Any]:
    """An event's fields: a dict as it is, the event a chunkwrap wrapper or
    CallResponseChunk holds, an SDK model's fields, or an attribute object's."""
    if type(event) is wrapper:
        # What wrap_sse() yields: fold the event it holds, by an exact type
        # test before model_fields(), which would look for pydantic's members.
        event = event.chunk
        if type(event) is dict:
            return event
    fields = model_fields(event)
    if fields is not None:
        return fields
    if isinstance(event, (EventWrapper, CallResponseChunk)):
        return event_fields(event.chunk, wrapper)  # a subclass, or the provider-agnostic view
    if not _read.is_record(event):
        raise wrong("<chunk>", "an event object", event)
    return as_fields(event, "<chunk>", "")


def copied(value: Any, path: str) -> dict[str, Any]:
    """An object as sent, copied: a dict's keys, or an SDK model's set fields
    by their JSON names (never the nulls a model fills in)."""
    as_fields(value, path, "")  # an object, or a ChunkError naming ``path``
    return {} if value is None else plain(value, path)
