"""``loads``: the wire path's default JSON decoder, ``json.loads`` without its Python layers.

``json.loads(text)`` runs ``JSONDecoder.decode``, ``raw_decode`` and a
whitespace regex around the C scanner that does the work. An event's data is
almost always one JSON value with nothing around it, so the scanner is called
directly, and anything it does not take whole (leading or trailing
whitespace, extra data, bad JSON) goes to ``json.loads`` itself, which gives
its own answer or error. The same decoder settings as ``json.loads``'s
default, so the values are the same: ~1.15 us an event less, over a third
of loads' time on the captures (micro case "json-loads").

Loaded with the wire path: ``import chunkwrap`` loads no json.
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any, Callable

# The C scanner json.loads' default decoder builds, with its settings (set in
# JSONDecoder.__init__, which typeshed does not declare).
_scan: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]


def loads(text: str) -> Any:
    """``json.loads(text)``, faster when ``text`` is one JSON value and nothing else."""
    try:
        value, end = _scan(text, 0)
    except StopIteration:  # no value at 0: whitespace first, or not JSON
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def loads_each(texts: list[str]) -> list[Any]:
    """``[loads(text) for text in texts]``: the scanner mapped over them at
    once, its values kept when each took its text whole, so that no Python
    call is made an event: ~45 ns an event less (micro case "json-loads-each",
    1,310 against 1,356).
    Anything else (a value not taken whole, bad JSON) is loads()' to answer,
    text by text, or to raise for."""
    if not texts:
        return []  # zip() of nothing would not unpack
    try:
        values, ends = zip(*map(_scan, texts, repeat(0)))
    except Exception:  # StopIteration, JSONDecodeError, RecursionError: loads() says
        pass
    else:
        if ends == tuple(map(len, texts)):
            return list(values)
    return list(map(loads, texts))
