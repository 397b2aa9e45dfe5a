"""``ResponsesFold``: fold an OpenAI Responses stream into the final response.

The deltas are folded as they arrive, so the fold answers at once and still
answers when the stream is cut. Each ``*.done`` event (a text, a content or
summary part, an output item) and the terminal ``response``
(``response.completed`` or ``response.incomplete``) then repeats what the
deltas built, and wins: a text sent only there (some servers never stream a
short one) is the fold's, and the fold and the server's own final answer
agree. Where the deltas built a text and a done value is another one, not
the same string exactly (a prefix too: deltas were lost), that is a
ChunkError naming the event and the field, raised when that event is added
(compared once, so reading after every event stays linear); an item whose
``type`` or ``id`` changes, or a terminal output with fewer items than were
added, too. An empty done value (``""``, ``content: []``, ``output: []``,
or none) says nothing: translating gateways and Codex send those after
streaming the text, so the deltas' text stands. Only the texts are compared:
annotations, logprobs and status come from the done values as sent (the
``annotation.added`` events' are a text part's until then), and
``obfuscation`` (padding beside a delta, never in its text) is not read.
``response.incomplete`` finishes as its ``incomplete_details.reason``
(``length`` for ``max_output_tokens``): a truncated answer never reads as
complete. ``error`` and ``response.failed`` raise :class:`StreamError`.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core import read as _read
from .._core.errors import ChunkError
from .._core.event_fold import EventFold, copied, event_fields
from .._core.plain import plain
from .._core.read import as_text, wrong
from .._core.server import server_error
from .._core.text import joined
from .._core.values import FinishReason
from . import spec
from .item import Item, records
from .wrapper import SUMMARY_BREAK, OpenAIResponsesChunk

_USAGE = "response.usage"

if TYPE_CHECKING:
    from .item import Update


class ResponsesFold(EventFold):
    """Add Responses stream events (dicts, SDK events or chunkwrap wrappers) as
    they arrive; read the response so far at any time."""

    STREAM = "an OpenAI Responses"
    __slots__ = ("_end", "_items", "_response")

    def __init__(self) -> None:
        super().__init__()
        self._response: dict[str, Any] = {}
        self._items: dict[int, Item] = {}
        self._end: str | None = None  # the terminal event's type, once it came

    def add(self, event: Any) -> None:  # noqa: PLR0915 - the delta paths inline: a method would cost each a call
        """Fold one event in; a malformed one raises ChunkError naming the field,
        ``error`` and ``response.failed`` StreamError."""
        fields: Mapping[str, Any]
        if type(event) is dict:
            # Nearly every event: a delta to a text of an item the stream
            # added, read by subscripts and kept only when every field is what
            # it should be; anything else (a missing key, a text's first
            # delta) is read again below, which names what is wrong. ~90 ns an
            # event less (W11 reasoning-summary's fold of wrap_sse()'s
            # wrappers: ~530 ns an event against ~620).
            try:
                kind = event["type"]
                fragments = _DELTAS.get(kind) if type(kind) is str else None  # as below
                if fragments is not None:
                    at, delta = event["output_index"], event["delta"]
                    if type(at) is int and type(delta) is str:
                        added = self._items[at]  # a key only once checked: never negative
                        if fragments == "arguments":
                            added.arguments.append(delta)
                            self._chunks += 1
                            return
                        index = event["summary_index" if fragments == "summary" else "content_index"]
                        if type(index) is int:
                            getattr(added, fragments)[index].append(delta)
                            self._chunks += 1
                            return
            except KeyError:
                pass
            fields = event
        else:
            fields = event_fields(event, OpenAIResponsesChunk)
        kind = fields.get("type")
        fragments = _DELTAS.get(kind) if type(kind) is str else None
        if fragments is not None:  # a delta the subscripts left, or an SDK model's: inline
            # The item, the index and the text each read inline where they
            # are what they should be, by the helpers where not: ~110 ns an
            # event less than a call for each (W11).
            at = fields.get("output_index")
            item = self._items.get(at) if type(at) is int and at >= 0 else None
            if item is None:
                item = self._item(fields)
            if fragments == "arguments":
                parts = item.arguments
            else:
                name = "summary_index" if fragments == "summary" else "content_index"
                index = fields.get(name)
                if type(index) is not int or index < 0:
                    index = _index(fields, name)
                kept: dict[int, list[str]] = getattr(item, fragments)
                parts = kept.get(index)  # type: ignore[assignment]
                if parts is None:
                    parts = kept[index] = []
            delta = fields.get("delta")
            parts.append(delta if type(delta) is str else as_text(delta, "delta", ""))
        elif kind == "response.output_item.added":
            index = _index(fields, "output_index")
            sent = _kept(fields.get("item"), "item")
            known = self._items.get(index)
            if known is None:
                self._items[index] = Item(sent)
            else:
                known.item = sent
        elif kind == "response.content_part.added":
            index = _index(fields, "content_index")
            self._item(fields).parts[index] = _kept(fields.get("part"), "part")
        elif kind == "response.output_text.annotation.added":
            self._add_annotation(fields)
        elif type(kind) is not str:
            raise self.untyped(kind, fields)
        elif kind in _DONE_TEXTS:
            self._take_text(fields, kind)
        elif kind in ("response.content_part.done", "response.reasoning_summary_part.done"):
            self._take_part(fields, kind)
        elif kind == "response.output_item.done":
            self._take_item(fields, kind)
        elif kind in _LIFECYCLE:
            self._take_response(fields, kind)
        elif kind in spec.FAILURES:
            raise spec.failure(fields) or server_error(fields)  # type: ignore[misc]
        elif not kind.startswith("response."):
            raise ChunkError("type", f"{kind!r} is not an OpenAI Responses event")
        self._chunks += 1

    def _item(self, fields: Mapping[str, Any]) -> Item:
        index = _index(fields, "output_index")
        item = self._items.get(index)
        if item is None:
            raise ChunkError("output_index", f"no output item {index!r} was added")
        return item

    def _add_annotation(self, fields: Mapping[str, Any]) -> None:
        """An annotation of a text part (a url_citation, a file_citation), at its
        ``annotation_index`` (the next one where none is sent): the part's until a
        done value sends its own."""
        item = self._item(fields)
        index = _index(fields, "content_index")
        annotation = fields.get("annotation")
        if not _read.is_record(annotation):
            raise wrong("annotation", "an object", annotation)
        added = item.annotations.setdefault(index, {})
        at = len(added) if fields.get("annotation_index") is None else _index(fields, "annotation_index")
        added[at] = _kept(annotation, "annotation")

    def _take_text(self, fields: Mapping[str, Any], kind: str) -> None:
        """A done event that repeats one text: checked against the deltas, it wins."""
        name, at, field = _DONE_TEXTS[kind]
        item = self._item(fields)
        index = None if at is None else _index(fields, at)
        update = item.check(name, index, as_text(fields.get(field), field), field, kind)
        item.settle([] if update is None else [update])

    def _take_part(self, fields: Mapping[str, Any], kind: str) -> None:
        """A content or summary part as done: its text checked, it wins."""
        summary = kind == "response.reasoning_summary_part.done"
        item = self._item(fields)
        index = _index(fields, "summary_index" if summary else "content_index")
        part = _kept(fields.get("part"), "part")
        update = item.check_part(part, summary, index, "part", kind)
        if not summary:
            item.parts[index] = part  # as done: its annotations
        item.settle([] if update is None else [update])

    def _take_item(self, fields: Mapping[str, Any], kind: str) -> None:
        """An output item as done: its texts checked, it wins."""
        index = _index(fields, "output_index")
        sent = _kept(fields.get("item"), "item")
        item = self._items.get(index)
        if item is None:
            item = Item(sent)
        updates = item.check_item(sent, "item", kind)
        item.item = sent  # as done: its status, annotations and ids
        item.settle(updates)
        self._items[index] = item

    def _take_response(self, fields: Mapping[str, Any], kind: str) -> None:
        """A lifecycle event's response; a terminal one's output, checked, wins."""
        response = _kept(fields.get("response"), "response")
        ident = _read.text(response, "id", "response.id")
        model = _read.text(response, "model", "response.model")
        usage = _read.record(response, "usage", _USAGE)
        for name in ("input_tokens", "output_tokens"):
            _read.count_in_usage(usage, _USAGE, name)
        _read.detail_in_usage(usage, _USAGE, "input_tokens_details", "cached_tokens")
        _read.detail_in_usage(usage, _USAGE, "output_tokens_details", "reasoning_tokens")
        final = self._final_items(response, kind) if kind in _ENDS else None
        # Every check passed: nothing changed before, so an event that raises changes nothing.
        self.id = ident or self.id
        self.model = model or self.model
        self._response = response
        if kind in _ENDS:
            self._end = kind
        if final:
            for item, sent, updates in final:
                item.item = sent
                item.settle(updates)
            self._items = {i: item for i, (item, _, _) in enumerate(final)}

    def _final_items(
        self, response: dict[str, Any], kind: str
    ) -> list[tuple[Item, dict[str, Any], list[Update]]]:
        """The terminal output's items, each with its checked updates; [] for
        no output, or an empty one, which says nothing."""
        output = records(response.get("output"), "response.output")
        if not output:
            return []
        # An output_index is the item's place in the output: the items pair by it.
        beyond = max(self._items, default=-1)
        if beyond >= len(output):
            items = "item" if len(output) == 1 else "items"
            raise ChunkError(
                "response.output",
                f"{kind} sends {len(output)} {items}, where the stream added one at output_index {beyond}",
            )
        final = []
        for i, sent in enumerate(output):
            item = self._items.get(i)
            if item is None:
                item = Item(sent)
            final.append((item, sent, item.check_item(sent, f"response.output[{i}]", kind)))
        return final

    def _ordered(self) -> list[Item]:
        return [item for _, item in sorted(self._items.items())]

    def _joined(self, name: str) -> str:
        return "".join(_texts(getattr(item, name)) for item in self._ordered())

    @property
    def content(self) -> str:
        """The output text so far, in output order."""
        return self._joined("texts")

    def content_parts(self) -> list[list[str]]:
        """The live fragment lists whose texts, one after another, are ``content``."""
        return [parts for item in self._ordered() for _, parts in sorted(item.texts.items())]

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
        return spec.finish_reasons(self.finish_reasons, calls)

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
        """The stream as a Responses ``response``: the latest one sent, its
        output the terminal one's where it sent one, else folded from the
        done events and the deltas."""
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
# Each done event that repeats one text: the fragment lists it settles, its
# index field (None: the item's arguments), and the field that holds the text.
_DONE_TEXTS = {
    "response.output_text.done": ("texts", "content_index", "text"),
    "response.refusal.done": ("refusals", "content_index", "refusal"),
    "response.reasoning_text.done": ("reasoning", "content_index", "text"),
    "response.reasoning_summary_text.done": ("summary", "summary_index", "text"),
    "response.function_call_arguments.done": ("arguments", None, "arguments"),
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
