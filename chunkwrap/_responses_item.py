"""``Item``: one output item of a Responses stream, as the stream builds it.

The deltas' fragments are kept in lists, by content or summary index,
joined only when read; ``to_dict()`` gives the item with their texts.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from typing import Any

from ._choice import joined, plain
from ._read import wrong


class Item:
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
            content = records(item.get("content"), "item.content")
            for index in sorted({*self.parts, *self.texts, *self.refusals, *self.reasoning}):
                at = place(content, index, {})
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
            summary = records(item.get("summary"), "item.summary")
            for index, fragments in sorted(self.summary.items()):
                at = place(summary, index, {"type": "summary_text"})
                summary[at] = {**summary[at], "text": joined(fragments)}
            item["summary"] = summary
        return item


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
