"""The fields of a Chat Completions stream that the fold does not read, kept
for ``to_dict()`` as the server sent them.

A top-level or choice-level field (OpenRouter's ``provider`` and
``native_finish_reason``, Azure's ``prompt_filter_results``, ``x_groq``)
describes the chunk, and chunks repeat it: it is read where streams send
it, at no cost to the chunks between (``StreamAccumulator._keep()``): the
top level from the first chunk, a chunk without choices and one with usage;
a choice's from its first chunk and the one that finishes it. The latest
non-null value wins, an object merging key by key under the same rule
(``x_groq`` keeps the first chunk's ``id`` beside the last one's ``usage``).
The openai SDK keeps the first chunk's values only, so it gives
``native_finish_reason: null`` where the last chunk said ``stop``.

A field of a delta (OpenRouter's ``reasoning_details``) or of a tool-call
fragment (Gemini's ``extra_content``, its thought signature) is a fragment,
merged into the message (the call) as the SDK's ``accumulate_delta`` merges it: strings
are concatenated, objects merged key by key, a list's objects that carry an
``index`` merged with the entry of that index, other entries appended; under
``index`` and ``type`` the latest value wins. Where the SDK builds values no
server sent, this differs: under ``id``, ``format`` and ``channel`` too
(labels, which servers repeat in every fragment) and for numbers and
booleans, the latest value wins
(the SDK concatenates ``format`` into "anthropic-claude-v1anthropic-claude-v1"
and Groq's ``channel``, and sums Together's ``token_id``); a list entry
without ``index`` is appended (the SDK raises); null never replaces a value;
a value of another kind than the one kept replaces it (the SDK keeps the
old one).

``obfuscation``, the padding OpenAI adds to every chunk, is dropped, as the
SDK drops it. A read costs what the kept fields hold: text is kept as parts,
joined when read, and a list that is only appended to is copied a new entry
at a time (``_core.plain.built``).
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.errors import ChunkError
from .._core.plain import built, plain
from .._core.read import as_fields, is_record
from .._core.text import joined

_LABELS = frozenset({"index", "type", "id", "format", "channel"})


def latest(kept: dict[str, Any] | None, fields: Mapping[str, Any], read: frozenset[str]) -> dict[str, Any]:
    """``kept`` (a new dict for None) with the latest non-null value of
    each of ``fields`` not in ``read``; objects merge key by key."""
    kept = {} if kept is None else kept
    for name, value in fields.items():
        if name not in read:
            try:
                kept[name] = _overlay(kept.get(name), value)
            except RecursionError:
                raise ChunkError(name, "nested too deep to merge") from None
    return kept


def _overlay(old: Any, new: Any) -> Any:
    if new is None:
        return old
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        merged = dict(old)  # a copy: the dict kept may be the one a chunk sent
        for name, value in new.items():
            merged[name] = _overlay(merged.get(name), value)
        return merged
    return new


def merge(
    kept: dict[str, Any] | None, fragment: Mapping[str, Any], read: frozenset[str], where: str
) -> dict[str, Any]:
    """``kept`` (a new dict for None) with the fields of ``fragment`` (a
    delta, a tool call's) not in ``read`` merged in by the rule of the
    module's docstring; ``where`` is the fragment's path."""
    kept = {} if kept is None else kept
    for name, value in fragment.items():
        if name not in read:
            path = f"{where}.{name}"
            try:
                kept[name] = _merged(kept.get(name), value, name, path)
            except RecursionError:
                raise ChunkError(path, "nested too deep to merge") from None
    return kept


class _Text:
    """A string's fragments, joined when read."""

    __slots__ = ("parts",)

    def __init__(self, first: str) -> None:
        self.parts = [first]


class _List:
    """A list's entries: merged by ``index`` where an entry has one, else appended."""

    __slots__ = ("at", "entries", "read")

    def __init__(self) -> None:
        self.entries: list[Any] = []
        self.at: dict[int, int] | None = None  # an index's position in entries, once one is sent
        self.read: list[Any] = []  # the appended entries' plain copies (built())

    def add(self, values: Any, where: str) -> None:
        for value in values:
            index = value.get("index") if isinstance(value, Mapping) else None
            if type(index) is not int:
                self.entries.append(value)
                continue
            if self.at is None:
                self.at = {}
            position = self.at.get(index)
            if position is None:
                self.at[index] = len(self.entries)
                self.entries.append(_merged(None, value, "", f"{where}[{index}]"))
            else:
                self.entries[position] = _merged(self.entries[position], value, "", f"{where}[{index}]")


def _merged(old: Any, new: Any, name: str, where: str) -> Any:
    if new is None:
        return old
    if isinstance(new, str):
        if name in _LABELS:
            return str(new)
        if type(old) is not _Text:
            return _Text(str(new))
        old.parts.append(str(new))
        return old
    if isinstance(new, (list, tuple)):
        listed = old if type(old) is _List else _List()
        listed.add(new, where)
        return listed
    if is_record(new):
        merged: dict[str, Any] = old if type(old) is dict else {}
        for key, value in as_fields(new, where, "").items():
            merged[key] = _merged(merged.get(key), value, key, f"{where}.{key}")
        return merged
    return new  # a number or a boolean: the latest wins


def read(value: Any, where: str) -> Any:
    """A kept value as JSON-ready data."""
    kind = type(value)
    if kind is _Text:
        return joined(value.parts)
    if kind is dict:
        return {name: read(item, f"{where}.{name}") for name, item in value.items()}
    if kind is _List:
        if value.at is None:
            return built(value.entries, value.read, where)
        return [read(entry, f"{where}[{i}]") for i, entry in enumerate(value.entries)]
    return plain(value, where)


def into(target: dict[str, Any], kept: dict[str, Any], where: str) -> None:
    """``target`` given the kept fields it does not have already."""
    for name, value in kept.items():
        if name not in target:  # a choice's "message" is the fold's
            try:
                target[name] = read(value, f"{where}{name}")
            except RecursionError:
                raise ChunkError(f"{where}{name}", "nested too deep to read") from None
