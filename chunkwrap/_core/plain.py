"""Plain JSON copies of what was sent, for ``to_dict()``.

A value copied into plain JSON types (:func:`plain`: dicts, lists and
scalars from dicts, SDK models and attribute objects at any depth), and a
growing list copied a new entry at a time (:func:`built`). Nothing here
knows a format.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import functools
from base64 import b64encode
from collections.abc import Mapping
from typing import Any

from .errors import ChunkError
from .read import members

# Deeper than any JSON a parser reads; a value that contains itself reaches it.
_DEEPEST = 100_000


def plain(value: Any, path: str) -> Any:
    """JSON-ready data from dicts, lists, SDK models and plain objects, at any depth.

    A pydantic model gives the fields that were set and its extras: the
    nulls the SDK fills in for fields the server never sent are not the
    server's (an SDK usage gained ``prompt_tokens_details: null``), so SDK
    chunks and dicts give the same data. ``path`` names the value in a
    ChunkError.

    What json.loads gave (dicts, lists and scalars, not deeply nested) is
    copied by :func:`_json_copy`; anything else, or a value nested deeper,
    by :func:`_general_copy`: ~730 ns a value against ~1,340 on what the
    Anthropic fold copies of W10's web-search capture (micro case "plain").
    tests/test_fast_paths.py holds the two equal.
    """
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if kind is dict or kind is list:
        try:
            return _json_copy(value, 0)
        except _NotJSON:
            pass
    return _general_copy(value, path)


class _NotJSON(Exception):
    """A value _json_copy() does not take: the general copy's."""


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
# Recursion this deep costs a few frames; deeper values are the general copy's.
_SHALLOW = 32


def _json_copy(value: Any, depth: int) -> Any:
    """A copy of ``value`` made of dicts, lists and JSON scalars (exact types)
    alone, nested at most _SHALLOW deep; raises _NotJSON at anything else."""
    if depth == _SHALLOW:
        raise _NotJSON
    scalars = _JSON_SCALARS
    if type(value) is dict:
        return {
            key: item if type(item) in scalars else _json_copy(item, depth + 1) for key, item in value.items()
        }
    if type(value) is list:
        return [item if type(item) in scalars else _json_copy(item, depth + 1) for item in value]
    raise _NotJSON


def _general_copy(value: Any, path: str) -> Any:
    """:func:`plain` for any value: an explicit stack, not recursion, as json
    reads and writes values nested 600 levels deep, where a recursive copy
    raised RecursionError."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(root, 0, value, 0)]
    while stack:
        target, key, item, depth = stack.pop()
        kind = type(item)
        if item is None or kind is str or kind is int or kind is float or kind is bool:
            target[key] = item
            continue
        if depth == _DEEPEST:
            raise ChunkError(path, f"nested more than {_DEEPEST} levels deep (does it contain itself?)")
        if kind is dict or isinstance(item, Mapping):
            entries: Any = item.items()
        elif isinstance(item, (list, tuple)):
            target[key] = out = [None] * len(item)
            stack.extend((out, i, v, depth + 1) for i, v in enumerate(item))
            continue
        elif isinstance(item, str):
            # str.__str__, not str(): a str-mixin Enum's own __str__ (the
            # google-genai SDK's FinishReason) gives "FinishReason.STOP".
            target[key] = str.__str__(item)
            continue
        elif isinstance(item, (int, float)):
            target[key] = float(item) if isinstance(item, float) else int(item)
            continue
        elif isinstance(item, (bytes, bytearray)):
            # As JSON carries bytes (google-genai's thoughtSignature, inlineData.data):
            # standard base64, as the server sent it (pydantic writes the URL-safe kind).
            target[key] = b64encode(item).decode("ascii")
            continue
        elif hasattr(item, "isoformat") and hasattr(item, "utcoffset"):
            target[key] = _timestamp(item)
            continue
        else:
            entries = _sent_fields(item).items()
        mapping: dict[str, Any] = {}
        target[key] = mapping
        for name, child in entries:
            mapping[name] = None  # keeps the order of the keys
            stack.append((mapping, name, child, depth + 1))
    return root[0]


def _timestamp(moment: Any) -> str:
    """A datetime (google-genai's ``createTime``) as JSON's RFC 3339 text, UTC as "Z"."""
    text: str = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _sent_fields(obj: Any) -> Mapping[str, Any]:
    """A model's fields as sent: a pydantic model's set fields, by the names
    the JSON had (``schema``, not the field ``schema_``), and its extras;
    else :func:`members`."""
    try:
        sent = obj.__pydantic_fields_set__
        own: dict[str, Any] = obj.__dict__
        extra = obj.__pydantic_extra__
    except Exception:  # not a pydantic v2 model
        return members(obj)
    model: Any = type(obj)
    aliases = _aliases(model)
    fields = {aliases.get(name, name): v for name, v in own.items() if name in sent}
    if extra:
        fields.update(extra)
    return fields


@functools.cache
def _aliases(model: Any) -> dict[str, str]:
    """A pydantic model class's fields whose JSON name differs from their own."""
    found = getattr(model, "model_fields", None) or {}
    return {name: info.alias for name, info in found.items() if getattr(info, "alias", None)}


def built(entries: list[Any], read: list[Any], path: str) -> list[Any]:
    """``read``, the plain copies of ``entries`` so far, extended with those
    of the entries added since it was last built, so that a read after each
    add copies only what is new (a whole copy each read made 20,000 chunks
    with logprobs, read after each, take minutes; test_accumulate.py counts
    the copies)."""
    for position in range(len(read), len(entries)):
        read.append(plain(entries[position], f"{path}[{position}]"))
    return read
