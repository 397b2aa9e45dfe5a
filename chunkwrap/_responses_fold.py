"""``ResponsesFold``: fold an OpenAI Responses stream into the final response.

The deltas are folded, not the ``*.done`` events' copies of them, so the
fold answers as soon as each delta arrives and still answers when the
stream is cut before ``response.completed``; when that event does arrive,
its ``response`` (the server's own final answer) and ``to_dict()`` agree.
``response.incomplete`` finishes as its ``incomplete_details.reason``
(``length`` for ``max_output_tokens``): a truncated answer never reads as
complete. ``error`` and ``response.failed`` raise :class:`StreamError`.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _read
from ._choice import joined, plain
from ._errors import ChunkError
from ._event_fold import EventFold, copied, event_fields
from ._read import as_text, wrong
from ._responses import SUMMARY_BREAK, OpenAIResponsesChunk
from ._server import server_error
from ._values import FinishReason, responses_finish_reasons

_USAGE = "response.usage"


class _Item:
    """One output item: as it was added (or as done), and the deltas since."""

    __slots__ = ("arguments", "item", "parts", "reasoning", "refusals", "summary", "texts")

    def __init__(self, item: dict[str, Any]) -> None:
        self.item = item
        # content_index -> the content part as added; then the text of each.
        self.parts: dict[int, dict[str, Any]] = {}
        self.texts: dict[int, list[str]] = {}
        self.refusals: dict[int, list[str]] = {}
        self.summary: dict[int, list[str]] = {}
        self.reasoning: dict[int, list[str]] = {}
        first = item.get("arguments")
        self.arguments: list[str] = [first] if type(first) is str and first else []

    @property
    def type(self) -> Any:
        return self.item.get("type")

    def to_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = plain(self.item, "item")
        if item.get("type") == "function_call":
            item["arguments"] = joined(self.arguments) or ""
        if self.parts or self.texts or self.refusals or self.reasoning:
            content = _records(item.get("content"), "item.content")
            for index in sorted({*self.parts, *self.texts, *self.refusals, *self.reasoning}):
                at = _place(content, index, {})
                part = {**plain(self.parts.get(index, {}), "part"), **content[at]}
                for name, kind, by_part in (
                    ("text", "output_text", self.texts),
                    ("refusal", "refusal", self.refusals),
                    ("text", "reasoning_text", self.reasoning),
                ):
                    if index in by_part:
                        part.setdefault("type", kind)
                        part[name] = joined(by_part[index])
                content[at] = part
            item["content"] = content
        if self.summary:
            summary = _records(item.get("summary"), "item.summary")
            for index, fragments in sorted(self.summary.items()):
                at = _place(summary, index, {"type": "summary_text"})
                summary[at] = {**summary[at], "text": joined(fragments)}
            item["summary"] = summary
        return item


class ResponsesFold(EventFold):
    """Add Responses stream events (dicts, SDK events or chunkwrap wrappers) as
    they arrive; read the response so far at any time."""

    STREAM = "an OpenAI Responses"
    __slots__ = ("_end", "_items", "_response")

    def __init__(self) -> None:
        super().__init__()
        self._response: dict[str, Any] = {}
        self._items: dict[int, _Item] = {}
        self._end: str | None = None  # the terminal event's type, once it came

    def add(self, event: Any) -> None:
        """Fold one event in; a malformed one raises ChunkError naming the field,
        ``error`` and ``response.failed`` StreamError."""
        fields = event if type(event) is dict else event_fields(event, OpenAIResponsesChunk)
        kind = fields.get("type")
        fragments = _DELTAS.get(kind) if type(kind) is str else None
        if fragments is not None:  # nearly every event: a delta
            item = self._item(fields)
            if fragments == "arguments":
                item.arguments.append(as_text(fields.get("delta"), "delta", ""))
            else:
                index = _index(fields, "summary_index" if fragments == "summary" else "content_index")
                kept: dict[int, list[str]] = getattr(item, fragments)
                parts = kept.get(index)
                if parts is None:
                    parts = kept[index] = []
                parts.append(as_text(fields.get("delta"), "delta", ""))
        elif kind in ("response.output_item.added", "response.output_item.done"):
            index = _index(fields, "output_index")
            sent = _kept(fields.get("item"), "item")
            known = self._items.get(index)
            if known is None:
                self._items[index] = _Item(sent)
            else:
                known.item = sent  # as done: its status, annotations and ids
        elif kind == "response.content_part.added":
            index = _index(fields, "content_index")
            self._item(fields).parts[index] = _kept(fields.get("part"), "part")
        elif type(kind) is not str:
            raise self.untyped(kind, fields)
        elif kind in _LIFECYCLE:
            self._take_response(fields)
            if kind in _ENDS:
                self._end = kind
        elif kind in ("error", "response.failed"):
            raise server_error(fields)  # type: ignore[misc]
        elif not kind.startswith("response."):
            raise ChunkError("type", f"{kind!r} is not an OpenAI Responses event")
        self._chunks += 1

    def _item(self, fields: Mapping[str, Any]) -> _Item:
        index = _index(fields, "output_index")
        item = self._items.get(index)
        if item is None:
            raise ChunkError("output_index", f"no output item {index!r} was added")
        return item

    def _take_response(self, fields: Mapping[str, Any]) -> None:
        response = _kept(fields.get("response"), "response")
        self.id = _read.text(response, "id", "response.id") or self.id
        self.model = _read.text(response, "model", "response.model") or self.model
        usage = _read.record(response, "usage", _USAGE)
        for name in ("input_tokens", "output_tokens"):
            _read.count_in_usage(usage, _USAGE, name)
        _read.detail_in_usage(usage, _USAGE, "input_tokens_details", "cached_tokens")
        _read.detail_in_usage(usage, _USAGE, "output_tokens_details", "reasoning_tokens")
        self._response = response

    def _ordered(self) -> list[_Item]:
        return [item for _, item in sorted(self._items.items())]

    def _joined(self, name: str) -> str:
        return "".join(_texts(getattr(item, name)) for item in self._ordered())

    @property
    def content(self) -> str:
        """The output text so far, in output order."""
        return self._joined("texts")

    @property
    def refusal(self) -> str:
        return self._joined("refusals")

    @property
    def reasoning(self) -> str:
        """Each reasoning item's summary, a blank line between its parts, then
        its reasoning text, item by item in output order (as they stream)."""
        return "".join(
            _texts(item.summary, SUMMARY_BREAK) + _texts(item.reasoning) for item in self._ordered()
        )

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        """The function calls, ``call_id`` as the id, arguments as JSON text."""
        return [
            {
                "id": item.item.get("call_id"),
                "type": "function",
                "function": {"name": item.item.get("name"), "arguments": joined(item.arguments) or ""},
            }
            for item in self._ordered()
            if item.type == "function_call"
        ]

    def arguments_parts(self) -> list[list[str]]:
        """Each function call's live list of argument fragments, in ``tool_calls``' order."""
        return [item.arguments for item in self._ordered() if item.type == "function_call"]

    @property
    def finish_reasons(self) -> list[str]:
        """["completed"], or an incomplete response's ``incomplete_details.reason``; [] before either."""
        if self._end == "response.completed":
            return ["completed"]
        if self._end == "response.incomplete":
            details = _read.record(self._response, "incomplete_details", "response.incomplete_details")
            reason = _read.text(details, "reason", "response.incomplete_details.reason") if details else None
            return [reason or "incomplete"]
        return []

    @property
    def common_finish_reasons(self) -> list[FinishReason]:
        calls = any(item.type == "function_call" for item in self._items.values())
        return responses_finish_reasons(self.finish_reasons, calls)

    @property
    def usage(self) -> Any:
        """The latest response's ``usage`` (null until it is done), as sent."""
        return self._response.get("usage")

    @property
    def input_tokens(self) -> int | None:
        return _read.count_in_usage(self.usage, _USAGE, "input_tokens")

    @property
    def cached_tokens(self) -> int | None:
        return _read.detail_in_usage(self.usage, _USAGE, "input_tokens_details", "cached_tokens")

    @property
    def output_tokens(self) -> int | None:
        return _read.count_in_usage(self.usage, _USAGE, "output_tokens")

    @property
    def reasoning_tokens(self) -> int | None:
        return _read.detail_in_usage(self.usage, _USAGE, "output_tokens_details", "reasoning_tokens")

    def to_dict(self) -> dict[str, Any]:
        """The stream as a Responses ``response``: the latest one sent, its output folded from the deltas."""
        response = {
            name: plain(value, f"response.{name}")
            for name, value in self._response.items()
            if name != "output"
        }
        return {**response, "output": [item.to_dict() for item in self._ordered()]}


# Which of an item's fragment lists each delta event feeds.
_DELTAS = {
    "response.output_text.delta": "texts",
    "response.refusal.delta": "refusals",
    "response.reasoning_summary_text.delta": "summary",
    "response.reasoning_text.delta": "reasoning",
    "response.function_call_arguments.delta": "arguments",
}
_ENDS = frozenset({"response.completed", "response.incomplete"})
_LIFECYCLE = frozenset({"response.created", "response.in_progress", "response.queued", *_ENDS})


def _kept(value: Any, path: str) -> dict[str, Any]:
    """A nested object to keep: a dict as it is (copied by to_dict() alone: a
    copy per event makes the text capture's fold ~5.0 us an event against
    ~2.6, micro case "fold-responses"), anything else as plain data."""
    return value if type(value) is dict else copied(value, path)


def _texts(by_index: dict[int, list[str]], between: str = "") -> str:
    """One item's texts of one kind (its content parts, or summary parts), in
    index order; ``between`` them, where both have text."""
    return between.join(filter(None, (joined(parts) for _, parts in sorted(by_index.items()))))


def _index(fields: Mapping[str, Any], name: str) -> int:
    """An output, content or summary index: an int, never negative."""
    index = fields.get(name)
    if type(index) is not int or index < 0:
        if type(index) is int:
            raise ChunkError(name, f"expected an index (0 or more), got {index}")
        raise wrong(name, "an integer", index)
    return index


_GAP = 64


def _place(parts: list[dict[str, Any]], index: int, blank: dict[str, Any]) -> int:
    """Where part ``index`` goes in ``parts``, padded with ``blank`` parts up to
    it (a part that sent no delta) when the gap is under _GAP; a part further
    on goes after those there, so that an index from a bad event is never
    memory to fill."""
    if index < len(parts):
        return index
    if index - len(parts) < _GAP:
        parts.extend(dict(blank) for _ in range(index - len(parts) + 1))
        return index
    parts.append(dict(blank))
    return len(parts) - 1


def _records(value: Any, path: str) -> list[dict[str, Any]]:
    """An item's content or summary as sent: a list of objects, [] for none."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise wrong(path, "a list", value)
    found = []
    for i, entry in enumerate(value):
        if type(entry) is not dict:
            raise wrong(f"{path}[{i}]", "an object", entry)
        found.append(entry)
    return found
