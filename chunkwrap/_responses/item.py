"""``Item``: one output item of a Responses stream, as the stream builds it.

The deltas' fragments are kept in lists, by content or summary index,
joined only when read. A done value (a text, a part, the item as done or as
the terminal response holds it) is checked against them by ``check*()``,
which change nothing, and taken by ``settle()``: ``_responses/fold.py``
checks every value an event sends before it takes any, so an event that
raises changes nothing.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from .._core import read as _read
from .._core.errors import ChunkError
from .._core.event_fold import copied
from .._core.plain import plain
from .._core.read import is_record, wrong
from .._core.text import joined

if TYPE_CHECKING:
    # A checked done value: the fragment lists, the index (None: the arguments), the text.
    Update = tuple[str, Optional[int], str]


# A content part's type: the fragment lists its deltas feed, and its text field.
PART_TEXTS = {
    "output_text": ("texts", "text"),
    "refusal": ("refusals", "refusal"),
    "reasoning_text": ("reasoning", "text"),
}


class Item:
    """One output item: as it was added (or as done), and the deltas since."""

    __slots__ = ("annotations", "arguments", "item", "parts", "reasoning", "refusals", "summary", "texts")

    def __init__(self, item: dict[str, Any]) -> None:
        self.item = item
        # content_index -> the content part as added; then the text of each.
        self.parts: dict[int, dict[str, Any]] = {}
        self.texts: dict[int, list[str]] = {}
        self.refusals: dict[int, list[str]] = {}
        self.summary: dict[int, list[str]] = {}
        self.reasoning: dict[int, list[str]] = {}
        # content_index -> annotation_index -> each annotation.added's annotation.
        self.annotations: dict[int, dict[int, Any]] = {}
        first = item.get("arguments")
        self.arguments: list[str] = [first] if type(first) is str and first else []

    @property
    def type(self) -> Any:
        return self.item.get("type")

    def check(self, name: str, index: int | None, sent: str, path: str, source: str) -> Update | None:
        """The update a done value makes to one text (``index`` None: the
        arguments), once checked against what the stream built; None for an
        empty value, which says nothing."""
        if not sent:
            return None
        built = joined(self.arguments if index is None else getattr(self, name).get(index))
        if built and built != sent:
            raise ChunkError(
                path, f"{source} sends {_short(sent)}, where the stream so far built {_short(built)}"
            )
        return name, index, sent

    def check_part(
        self, part: dict[str, Any], summary: bool, index: int, path: str, source: str
    ) -> Update | None:
        """The update a part as done makes, checked: a summary part's text, or
        a content part's, by its type (a type not known keeps no text)."""
        kind = part.get("type")
        found = ("summary", "text") if summary else PART_TEXTS.get(kind) if type(kind) is str else None
        if found is None:
            return None
        name, field = found
        sent = _read.text(part, field, f"{path}.{field}") or ""
        if sent and not summary:
            # A part is of one kind: text the deltas built as another is not its text.
            for other, (elsewhere, _) in PART_TEXTS.items():
                if elsewhere != name and joined(getattr(self, elsewhere).get(index)):
                    raise ChunkError(
                        f"{path}.{field}", f"{source} sends a {kind}, where the stream so far built {other}"
                    )
        return self.check(name, index, sent, f"{path}.{field}", source)

    def check_item(self, sent: dict[str, Any], path: str, source: str) -> list[Update]:
        """The updates the item as done (``sent``, plain data) makes, checked:
        the same item, and its arguments, content parts and summary parts."""
        for name in ("type", "id"):
            was, now = self.item.get(name), sent.get(name)
            if was is not None and now is not None and was != now:
                raise ChunkError(
                    f"{path}.{name}", f"{source} sends {now!r}, where the item added was {was!r}"
                )
        updates = []
        if sent.get("type") == "function_call":
            arguments = _read.text(sent, "arguments", f"{path}.arguments") or ""
            updates.append(self.check("arguments", None, arguments, f"{path}.arguments", source))
        for summary, name in ((False, "content"), (True, "summary")):
            where = f"{path}.{name}"
            for i, part in enumerate(records(sent.get(name), where)):
                updates.append(self.check_part(part, summary, i, f"{where}[{i}]", source))
        return [update for update in updates if update is not None]

    def settle(self, updates: list[Update]) -> None:
        """Take checked done values: each text is the one sent."""
        for name, index, text in updates:
            if index is None:
                self.arguments[:] = [text]
            else:
                getattr(self, name)[index] = [text]

    def to_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = plain(self.item, "item")
        if item.get("type") == "function_call":
            item["arguments"] = joined(self.arguments) or ""
        if self.parts or self.texts or self.refusals or self.reasoning or self.annotations:
            content = records(item.get("content"), "item.content")
            for index in sorted(
                {*self.parts, *self.texts, *self.refusals, *self.reasoning, *self.annotations}
            ):
                at = place(content, index, {})
                part = {**plain(self.parts.get(index, {}), "part"), **content[at]}
                for kind, (name, field) in PART_TEXTS.items():
                    by_part: dict[int, list[str]] = getattr(self, name)
                    if index in by_part:
                        part.setdefault("type", kind)
                        part[field] = joined(by_part[index])
                added = self.annotations.get(index)
                if added and not part.get("annotations"):
                    # The annotations streamed so far; a done value's, where it has any, win.
                    part["annotations"] = [plain(added[i], "annotation") for i in sorted(added)]
                content[at] = part
            item["content"] = content
        if self.summary:
            summary = records(item.get("summary"), "item.summary")
            for index, fragments in sorted(self.summary.items()):
                at = place(summary, index, {"type": "summary_text"})
                summary[at] = {**summary[at], "text": joined(fragments)}
            item["summary"] = summary
        return item


def _short(text: str) -> str:
    """A text as a message quotes it: its first 40 characters."""
    return f"{text[:40]!r}..." if len(text) > 40 else repr(text)


_GAP = 64


def place(parts: list[dict[str, Any]], index: int, blank: dict[str, Any]) -> int:
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


def records(value: Any, path: str) -> list[dict[str, Any]]:
    """A list of objects as sent (an item's content or summary, a response's
    output), [] for none: the dicts JSON gives as they are (read where they
    are, not copied), any other object copied as plain data."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise wrong(path, "a list", value)
    found = []
    for i, entry in enumerate(value):
        if type(entry) is dict:
            found.append(entry)
        elif is_record(entry):
            found.append(copied(entry, f"{path}[{i}]"))
        else:
            raise wrong(f"{path}[{i}]", "an object", entry)
    return found
