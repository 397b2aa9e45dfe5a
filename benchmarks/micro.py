"""``python -m benchmarks micro [CASE ...]``: the micro cases that comments in chunkwrap/ cite.

Construction, each property's first read, a repeated read, each scan and
each step of the wire path, timed separately (as msgspec's benchmarks
are), so that a comment can name its case and anyone can rerun the number.
A case's contenders are timed against each other in the same rounds
(``timing.interleaved``), and each reports its minimum over the rounds.
CASE arguments select cases by name prefix (``first-read`` is all of them).
"""

from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path
from typing import Any, Callable, NamedTuple

from . import data
from .timing import Contender, best, interleaved
from .workloads import W2_READS, Holder

PIECE = 8 * 1024
OPENAI_CAPTURE = data.FIXTURES / "json-object-content.sse"
NAMED_CAPTURE = data.FIXTURES.parent / "anthropic" / "thinking-text.sse"
FIRST_READS = [*W2_READS, "reasoning", "refusal", "tool_calls", "cost_metadata", "common_usage"]

Contenders = dict[str, Contender]


class Case(NamedTuple):
    description: str
    contenders: Callable[[int], Contenders]
    """The contenders, given how many items (chunks, pieces) a call should process."""


def pieces_of(path: Path) -> list[bytes]:
    body = path.read_bytes()
    return [body[i : i + PIECE] for i in range(0, len(body), PIECE)]


def _compiled(source: str, namespace: dict[str, Any]) -> Callable[[Any], Any]:
    """A loop with its reads written out, as the workloads' are: no getattr() timed."""
    exec(source, namespace)
    return namespace["run"]  # type: ignore[no-any-return]


# -- sse-decode, sse-decode-named: SSEDecoder.decode() and what it was chosen over


def _line_rules_decoder() -> type[Any]:
    from chunkwrap._wire.sse import SSEDecoder

    class LineRulesDecoder(SSEDecoder):
        """Every line read one by one by the spec's line rules: no fast shapes."""

        __slots__ = ()

        def _whole_events(self, lines: list[bytes]) -> list[Any] | None:
            return None

    return LineRulesDecoder


def _decode_with(decoder_type: type[Any], tuples: bool) -> Callable[[list[bytes]], None]:
    """Every piece through a fresh decoder, each item read as the wire loop reads it;
    ``tuples``: plain data made an (event, data, id, retry) tuple first."""

    def run(pieces: list[bytes]) -> None:
        decoder = decoder_type()
        for piece in pieces:
            items = decoder.decode(piece)
            if decoder.plain and not tuples:
                for _data in items:
                    pass
                continue
            if decoder.kinds is not None:  # named events: the types beside the data
                for _event, _data in zip(decoder.kinds, items):
                    pass
                continue
            if decoder.plain:
                last = decoder.last_event_id
                items = [("message", value, last, None) for value in items]
            for _event, _data, _, _ in items:
                pass
        decoder.finish()

    return run


def _decoding_names_decoder() -> type[Any]:
    from chunkwrap._wire.sse import SSEDecoder

    class DecodingNamesDecoder(SSEDecoder):
        """Named events as they were read: each ``event:`` line cut and
        decoded, and a tuple an event."""

        __slots__ = ()

        def _whole_events(self, lines: list[bytes]) -> list[Any] | None:
            count = len(lines)
            if not count or count % 3 or lines[2::3].count(b"") != count // 3:
                return super()._whole_events(lines)
            names, values = lines[::3], lines[1::3]
            try:
                kinds = [n[7:].decode() for n in names if n.startswith(b"event: ")]
                data = [v[6:].decode() for v in values if v.startswith(b"data: ")]
            except UnicodeDecodeError:
                return None
            if len(kinds) != len(names) or len(data) != len(values):
                return None
            last_id = self._last_id
            return [(kind or "message", value, last_id, None) for kind, value in zip(kinds, data)]

    return DecodingNamesDecoder


def _split_bytes(pieces: list[bytes]) -> None:
    """Lines split as bytes, each value decoded on its own (what SSEDecoder does)."""
    tail = b""
    for piece in pieces:
        lines = (tail + piece).split(b"\n")
        tail = lines.pop()
        [line[6:].decode() for line in lines if line.startswith(b"data: ")]
        [line[7:].decode() for line in lines if line.startswith(b"event: ")]


def _split_str(pieces: list[bytes]) -> None:
    """The alternative: each piece decoded (incrementally: a piece may end inside a
    character), then the str split into lines."""
    decode = codecs.getincrementaldecoder("utf-8")().decode
    tail = ""
    for piece in pieces:
        lines = (tail + decode(piece)).split("\n")
        tail = lines.pop()
        [line[6:] for line in lines if line.startswith("data: ")]
        [line[7:] for line in lines if line.startswith("event: ")]


def _event_count(pieces: list[bytes]) -> int:
    from chunkwrap._wire.sse import SSEDecoder

    decoder = SSEDecoder()
    return sum(len(decoder.decode(piece)) for piece in pieces) + len(decoder.finish())


def sse_decode(path: Path, plain: bool) -> Callable[[int], Contenders]:
    def contenders(n: int) -> Contenders:
        from chunkwrap._wire.sse import SSEDecoder

        pieces = pieces_of(path)
        events = _event_count(pieces)
        cases: Contenders = {
            "SSEDecoder.decode()": (_decode_with(SSEDecoder, tuples=False), pieces, events),
            "line rules only (a loop of appends, no comprehensions)": (
                _decode_with(_line_rules_decoder(), tuples=False),
                pieces,
                events,
            ),
        }
        if plain:
            cases["decode() + a tuple an event, unpacked"] = (
                _decode_with(SSEDecoder, tuples=True),
                pieces,
                events,
            )
        else:
            cases["each event: line decoded, a tuple an event, unpacked"] = (
                _decode_with(_decoding_names_decoder(), tuples=False),
                pieces,
                events,
            )
        cases["split alone: bytes, each value decoded"] = (_split_bytes, pieces, events)
        cases["split alone: the piece decoded, str split"] = (_split_str, pieces, events)
        return cases

    return contenders


# -- sse-event-object: what a decoded event becomes


def sse_event_object(n: int) -> Contenders:
    from chunkwrap._wire.sse import ServerSentEvent, SSEDecoder, _built

    decoder = SSEDecoder()
    items: list[Any] = []
    for piece in pieces_of(NAMED_CAPTURE):
        items += decoder.decode(piece)
    items = (items * (n // len(items) + 1))[:n]
    new = object.__new__
    stores = [ServerSentEvent.__dict__[name].__set__ for name in ServerSentEvent.__slots__]

    def tuples(items: list[Any]) -> None:
        [(event, data, id_, retry) for event, data, id_, retry in items]

    def reclassed(items: list[Any]) -> None:
        _built(items, False, None)

    def through_descriptors(items: list[Any]) -> None:
        set_event, set_data, set_id, set_retry = stores
        for event, value, id_, retry in items:
            built = new(ServerSentEvent)
            set_event(built, event)
            set_data(built, value)
            set_id(built, id_)
            set_retry(built, retry)

    def attrs_init(items: list[Any]) -> None:
        [ServerSentEvent(*fields) for fields in items]

    return {
        "a tuple": (tuples, items, n),
        "stored on a twin class, then re-classed (_built)": (reclassed, items, n),
        "stored through the slot descriptors": (through_descriptors, items, n),
        "ServerSentEvent(*fields), attrs' __init__": (attrs_init, items, n),
    }


# -- sse-split: the line split against a split on blank lines


def sse_split(n: int) -> Contenders:
    piece = OPENAI_CAPTURE.read_bytes()[:PIECE]
    pieces = [piece] * n

    def on_lf(pieces: list[bytes]) -> None:
        for piece in pieces:
            piece.split(b"\n")

    def on_blank_line(pieces: list[bytes]) -> None:
        for piece in pieces:
            piece.split(b"\n\n")

    return {'split(b"\\n")': (on_lf, pieces, n), 'split(b"\\n\\n")': (on_blank_line, pieces, n)}


def sse_long_line(n: int) -> Contenders:
    """The line rules' read of one long data line: a 25 KB web-search result."""
    capture = data.FIXTURES.parent / "anthropic" / "web-search-citations-cache.sse"
    line = max(capture.read_bytes().split(b"\n"), key=len)
    lines = [line] * n

    def cut_then_decoded(lines: list[bytes]) -> None:
        for raw in lines:
            field, _, value = raw.partition(b":")
            field.decode(), value[1:].decode()

    def decoded_then_cut(lines: list[bytes]) -> None:
        for raw in lines:
            _, _, value = raw.decode().partition(":")
            value[1:]

    return {
        "cut as bytes, then the value decoded": (cut_then_decoded, lines, n),
        "decoded whole, then partitioned and sliced": (decoded_then_cut, lines, n),
    }


def sse_crlf(n: int) -> Contenders:
    from chunkwrap._wire.sse import SSEDecoder

    class Replacing(SSEDecoder):
        """The decoder as it was: each CRLF and CR made a LF, then split."""

        __slots__ = ()

        def _split(self, data: bytes) -> tuple[list[bytes], int]:
            if b"\r" in data:
                self._after_cr = data[-1:] == b"\r"
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            return data.split(b"\n"), len(data)

    body = (data.FIXTURES.parent / "gemini" / "gemini-2.0-flash-text.sse").read_bytes()
    body = (body * (n * PIECE // len(body) + 1))[: n * PIECE]
    pieces = [body[i : i + PIECE] for i in range(0, len(body), PIECE)]

    def decoding(kind: type[SSEDecoder]) -> Callable[[list[bytes]], None]:
        def run(pieces: list[bytes]) -> None:
            decoder = kind()
            for piece in pieces:
                decoder.decode(piece)

        return run

    return {
        "split on CRLF (_crlf_lines)": (decoding(SSEDecoder), pieces, n),
        "each CRLF and CR made a LF first": (decoding(Replacing), pieces, n),
    }


# -- wire-event, wire-named-event: ChunkReader.feed() and the loops it replaced


def _reading_with(reader_type: type[Any]) -> Callable[[list[bytes]], None]:
    def run(pieces: list[bytes]) -> None:
        reader = reader_type(None, 16 * 1024 * 1024)
        for piece in pieces:
            reader.feed(piece)
            if reader.stopped:
                return
        reader.end()

    return run


def _checking_reader() -> type[Any]:
    from chunkwrap._chat.dict import OpenAIDictChunk
    from chunkwrap._wire.reader import ChunkReader

    class CheckingReader(ChunkReader):
        """Plain events with a test of the first character before loads() and a counter per event."""

        __slots__ = ()

        def _wrap(self, items: list[Any]) -> list[Any]:
            if not self._decoder.plain:
                return super()._wrap(items)
            wrappers: list[Any] = []
            loads = self._loads
            for value in items:
                self._seen += 1
                if value[:1] == "{":
                    try:
                        payload = loads(value)
                    except (ValueError, RecursionError):
                        payload = None
                    if type(payload) is dict and "error" not in payload and "type" not in payload:
                        wrappers.append(OpenAIDictChunk(payload))
                        continue
                if not self._event("message", value, wrappers, self._seen):
                    break
            return wrappers

    return CheckingReader


def _kind_of_reader() -> type[Any]:
    from chunkwrap._wire.reader import ChunkReader

    class KindOfReader(ChunkReader):
        """Named events each read by _event(): server_error(), then kind_of() picks the wrapper."""

        __slots__ = ()

        def _wrap(self, items: list[Any]) -> list[Any]:
            if self._decoder.plain:
                return super()._wrap(items)
            wrappers: list[Any] = []
            seen = self._seen
            self._seen += len(items)
            for position, (event, value) in enumerate(_named(self._decoder, items), seen + 1):
                if not self._event(event, value, wrappers, position):
                    break
            return wrappers

    return KindOfReader


def _kind_of_lookup_reader() -> type[Any]:
    from chunkwrap._formats import kind_of
    from chunkwrap._wire.reader import _BY_KIND, ChunkReader

    class KindOfLookupReader(ChunkReader):
        """Named events read inline as feed() reads them, but kind_of() in place of the one lookup."""

        __slots__ = ()

        def _wrap(self, items: list[Any]) -> list[Any]:
            if self._decoder.plain:
                return super()._wrap(items)
            wrappers: list[Any] = []
            seen = self._seen
            self._seen += len(items)
            loads = self._loads
            for position, (event, value) in enumerate(_named(self._decoder, items), seen + 1):
                try:
                    payload = loads(value)
                except Exception:
                    payload = None
                if type(payload) is dict and "error" not in payload and event != "error":
                    kind = kind_of(payload)
                    wrapper = _BY_KIND.get(kind) if kind is not None else None
                    if wrapper is not None and payload.get("type") not in ("ping", "response.failed"):
                        wrappers.append(wrapper(payload))
                        continue
                if not self._event(event, value, wrappers, position):
                    break
            return wrappers

    return KindOfLookupReader


def _named(decoder: Any, items: list[Any]) -> list[tuple[str, str]]:
    """A piece's named events as (type, data) pairs, as the decoder gave them."""
    if decoder.kinds is not None:
        return list(zip(decoder.kinds, items))
    return [(event, value) for event, value, _, _ in items]


def _loop_reader() -> type[Any]:
    from chunkwrap._wire.reader import ChunkReader

    class LoopReader(ChunkReader):
        """Every piece read by _wrap's loop, event by event, as before the batch."""

        __slots__ = ()

        def _batch(self, items: list[Any]) -> list[Any] | None:
            return None

    return LoopReader


def _wrapper_count(pieces: list[bytes]) -> int:
    from chunkwrap._wire.reader import ChunkReader

    reader = ChunkReader(None, 16 * 1024 * 1024)
    count = 0
    for piece in pieces:
        count += len(reader.feed(piece))
        if reader.stopped:
            return count
    return count + len(reader.end())


def wire_event(n: int) -> Contenders:
    from chunkwrap._wire.reader import ChunkReader

    pieces = pieces_of(OPENAI_CAPTURE)
    chunks = _wrapper_count(pieces)
    return {
        "ChunkReader.feed()": (_reading_with(ChunkReader), pieces, chunks),
        "the loop alone, event by event (no batch)": (_reading_with(_loop_reader()), pieces, chunks),
        "a first-character test and a counter per event": (_reading_with(_checking_reader()), pieces, chunks),
    }


def wire_named_event(n: int) -> Contenders:
    from chunkwrap._wire.reader import ChunkReader

    pieces = pieces_of(NAMED_CAPTURE)
    events = _event_count(pieces)
    return {
        "ChunkReader.feed(): map(loads), one comprehension": (_reading_with(ChunkReader), pieces, events),
        "the loop alone: one lookup in _EVENT_WRAPPERS an event": (
            _reading_with(_loop_reader()),
            pieces,
            events,
        ),
        "kind_of() in place of the lookup": (_reading_with(_kind_of_lookup_reader()), pieces, events),
        "each event through _event() and kind_of()": (_reading_with(_kind_of_reader()), pieces, events),
    }


# -- construct, first-read-*, cached-read, scan: the wrappers over the text chunk


def _wrappers() -> dict[str, tuple[Any, Callable[[list[dict[str, Any]]], list[Any]]]]:
    """Each wrapper, and how its chunks are made from the parsed JSON."""
    from openai.types.chat import ChatCompletionChunk

    from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk

    def sdk(items: list[dict[str, Any]]) -> list[Any]:
        return [ChatCompletionChunk.model_validate(d) for d in items]

    return {
        "OpenAIDictChunk": (OpenAIDictChunk, list),
        "OpenAICallResponseChunk": (OpenAICallResponseChunk, sdk),
    }


def _text_chunks(make: Callable[[list[dict[str, Any]]], list[Any]], n: int) -> list[Any]:
    """n independent copies of the text chunk: a contender's own, so none profits from another's memo."""
    return make(data.batch(data.KINDS["text"], n))


def _constructing(wrapper: Any) -> Callable[[Any], Any]:
    return _compiled(
        "def run(items, wrapper=wrapper):\n    for c in items:\n        wrapper(c)\n", {"wrapper": wrapper}
    )


def _first_reading(wrapper: Any, name: str) -> Callable[[Any], Any]:
    source = f"def run(items, wrapper=wrapper):\n    for c in items:\n        wrapper(c).{name}\n"
    return _compiled(source, {"wrapper": wrapper})


class Slotted:
    """The reference for construction: a plain slotted class storing its chunk."""

    __slots__ = ("chunk",)

    def __init__(self, chunk: Any) -> None:
        self.chunk = chunk


def construct(n: int) -> Contenders:
    contenders: Contenders = {}
    for name, (wrapper, make) in _wrappers().items():
        contenders[name] = (_constructing(wrapper), _text_chunks(make, n), n)
    for name, cls in _attrs_references().items():
        contenders[name] = (_constructing(cls), _text_chunks(list, n), n)
    contenders["plain slotted class (reference)"] = (_constructing(Slotted), _text_chunks(list, n), n)
    return contenders


def first_read(prop: str) -> Callable[[int], Contenders]:
    def contenders(n: int) -> Contenders:
        found: Contenders = {}
        for name, (wrapper, make) in _wrappers().items():
            found[f"{name}: construct + .{prop}"] = (_first_reading(wrapper, prop), _text_chunks(make, n), n)
            found[f"{name}: construct"] = (_constructing(wrapper), _text_chunks(make, n), n)
        return found

    return contenders


def _read_content(items: list[Any]) -> None:
    for w in items:
        w.content


def cached_read(n: int) -> Contenders:
    contenders: Contenders = {}
    for name, (wrapper, make) in _wrappers().items():
        wrappers = [wrapper(c) for c in _text_chunks(make, n)]
        _read_content(wrappers)
        contenders[f"{name}: .content, cached"] = (_read_content, wrappers, n)
    contenders["plain property"] = (_read_content, [Holder(" unable") for _ in range(n)], n)
    return contenders


def _scanning(items: list[Any]) -> None:
    for w in items:
        w._scan(w.chunk, w._cache)


def scan(n: int) -> Contenders:
    # The scan reads the chunk and only writes the cache, so a cache it
    # filled in an earlier round costs it the same as a fresh one.
    contenders: Contenders = {
        f"{name}._scan": (_scanning, [wrapper(c) for c in _text_chunks(make, n)], n)
        for name, (wrapper, make) in _wrappers().items()
    }
    parted = _parted_scan()
    contenders["OpenAIDictChunk._scan + three part calls"] = (
        _scanning,
        [parted(c) for c in _text_chunks(list, n)],
        n,
    )
    return contenders


# -- construct's references, and CallResponseChunk's: attrs' generated __init__


def _attrs_references() -> dict[str, type[Any]]:
    import attrs

    @attrs.frozen(weakref_slot=False)
    class AttrsFrozen:
        """What LazyView and CallResponseChunk would be with attrs' generated frozen __init__."""

        chunk: Any

    class TwoSlots:
        """A slot for the chunk and one for the cache, each stored through its descriptor."""

        __slots__ = ("_cache", "chunk")

        def __init__(self, chunk: Any) -> None:
            _set_chunk(self, chunk)
            _set_list(self, [chunk])

    _set_chunk = TwoSlots.__dict__["chunk"].__set__
    _set_list = TwoSlots.__dict__["_cache"].__set__
    return {"attrs.frozen, its generated __init__": AttrsFrozen, "two slots, chunk and cache": TwoSlots}


def agnostic_construct(n: int) -> Contenders:
    from chunkwrap import CallResponseChunk, OpenAIDictChunk

    wrappers = [OpenAIDictChunk(c) for c in _text_chunks(list, n)]
    attrs_frozen = _attrs_references()["attrs.frozen, its generated __init__"]
    return {
        "CallResponseChunk: one store through the slot's descriptor": (
            _constructing(CallResponseChunk),
            wrappers,
            n,
        ),
        "attrs.frozen, its generated __init__": (_constructing(attrs_frozen), wrappers, n),
    }


# -- lazy-marks: how a first read finds "not computed yet" and stores the value


def lazy_marks(n: int) -> Contenders:
    from chunkwrap._core.lazy import UNSET

    class ListMark:
        """What _core/lazy.py does: the values in a list, UNSET the mark."""

        __slots__ = ("_cache",)

        def __init__(self, chunk: Any) -> None:
            self._cache = [chunk, UNSET]

        @property
        def value(self) -> Any:
            value = self._cache[1]
            if value is UNSET:
                value = self._cache[1] = self._cache[0]
            return value

    class RaisingSlot:
        """An unset slot is the mark (try/except AttributeError); the value stored into a frozen slot."""

        __slots__ = ("_chunk", "_value")

        def __init__(self, chunk: Any) -> None:
            object.__setattr__(self, "_chunk", chunk)

        @property
        def value(self) -> Any:
            try:
                return self._value
            except AttributeError:
                value = self._chunk
                object.__setattr__(self, "_value", value)
                return value

    class MarkedSlot:
        """A slot holding UNSET is the mark; the value stored into a frozen slot."""

        __slots__ = ("_chunk", "_value")

        def __init__(self, chunk: Any) -> None:
            object.__setattr__(self, "_chunk", chunk)
            object.__setattr__(self, "_value", UNSET)

        @property
        def value(self) -> Any:
            value = self._value
            if value is UNSET:
                value = self._chunk
                object.__setattr__(self, "_value", value)
            return value

    def reading(cls: type[Any]) -> Callable[[Any], Any]:
        return _compiled(
            "def run(items, cls=cls):\n    for c in items:\n        cls(c).value\n", {"cls": cls}
        )

    chunks = _text_chunks(list, n)
    return {
        "list item compared with UNSET, list store (_core/lazy.py)": (reading(ListMark), chunks, n),
        "unset slot, AttributeError, object.__setattr__": (reading(RaisingSlot), chunks, n),
        "slot holding UNSET, object.__setattr__": (reading(MarkedSlot), chunks, n),
        "construct ListMark alone": (_constructing(ListMark), chunks, n),
    }


# -- read-local: where a property puts its list in a local


def _read_local_variants() -> tuple[type[Any], type[Any]]:
    from chunkwrap import OpenAIDictChunk
    from chunkwrap._core.lazy import CONTENT, GENERAL, INPUT_TOKENS, UNSET

    base_content = OpenAIDictChunk.content.fget
    base_input = OpenAIDictChunk.input_tokens.fget

    class LocalFirst(OpenAIDictChunk):
        """.content and .input_tokens with the list put in a local on every read."""

        __slots__ = ()

        @property
        def content(self) -> str:
            cache = self._cache
            content = cache[CONTENT]
            if content is UNSET:
                return base_content(self)  # type: ignore[misc, no-any-return]
            return content  # type: ignore[no-any-return]

        @property
        def input_tokens(self) -> int | None:
            cache = self._cache
            value = cache[INPUT_TOKENS]
            if value is UNSET or value is GENERAL:
                return base_input(self)  # type: ignore[misc, no-any-return]
            return value  # type: ignore[no-any-return]

    return OpenAIDictChunk, LocalFirst


def _read_input_tokens(items: list[Any]) -> None:
    for w in items:
        w.input_tokens


def read_local(n: int) -> Contenders:
    contenders: Contenders = {}
    for label, cls in zip(("as written", "list in a local first"), _read_local_variants()):
        wrappers = [cls(c) for c in _text_chunks(list, n)]
        _read_content(wrappers)
        _read_input_tokens(wrappers)
        contenders[f"OpenAIDictChunk .content, {label}"] = (_read_content, wrappers, n)
        contenders[f"@scanned .input_tokens, {label}"] = (_read_input_tokens, wrappers, n)
    return contenders


# -- rare-read: @cached, a property around a closure, vs a descriptor class


def event_content(n: int) -> Contenders:
    """Each event of an Anthropic capture wrapped and its .content read: the
    property as written out, vs the same read through kept()'s closure, as
    a ``@kept(CONTENT)`` property would be."""
    import json

    from chunkwrap import AnthropicCallResponseChunk, SSEDecoder
    from chunkwrap._core.lazy import CONTENT, kept

    decoder = SSEDecoder()
    sent = decoder.feed(NAMED_CAPTURE.read_bytes()) + decoder.end()
    events = [json.loads(e.data) for e in sent]
    events = (events * (n // len(events) + 1))[:n]

    class ThroughKept(AnthropicCallResponseChunk):  # type: ignore[type-arg]
        __slots__ = ()
        content = property(kept(CONTENT)(AnthropicCallResponseChunk.content.fget))  # type: ignore[assignment]

    def reading(wrapper: Any) -> Callable[[list[Any]], None]:
        def run(items: list[Any]) -> None:
            for e in items:
                wrapper(e).content

        return run

    return {
        "written out (_anthropic/wrapper.py)": (reading(AnthropicCallResponseChunk), events, n),
        "through kept()": (reading(ThroughKept), events, n),
    }


def rare_read(n: int) -> Contenders:
    from chunkwrap import OpenAIDictChunk
    from chunkwrap._core.lazy import COMMON_USAGE, RARE, RARE_SIZE, UNSET

    compute = OpenAIDictChunk.common_usage.fget

    class CachedDescriptor:
        """The alternative: one Python-level descriptor class doing what cached() does."""

        def __init__(self, index: int, compute: Callable[[Any], Any]) -> None:
            self.index = index
            self.compute = compute

        def __get__(self, obj: Any, owner: Any = None) -> Any:
            cache = obj._cache
            rare = cache[RARE]
            if rare is UNSET:
                rare = cache[RARE] = [UNSET] * RARE_SIZE
            value = rare[self.index]
            if value is UNSET:
                value = rare[self.index] = self.compute(obj)
            return value

    class ByDescriptor(OpenAIDictChunk):
        __slots__ = ()
        common_usage = CachedDescriptor(COMMON_USAGE, compute)  # type: ignore[assignment]

    def reading(items: list[Any]) -> None:
        for w in items:
            w.common_usage

    contenders: Contenders = {}
    for label, cls in (
        ("@property over @cached", OpenAIDictChunk),
        ("a __get__ descriptor class", ByDescriptor),
    ):
        wrappers = [cls(c) for c in _text_chunks(list, n)]
        reading(wrappers)
        contenders[f".common_usage, cached: {label}"] = (reading, wrappers, n)
    return contenders


# -- scan-parts: one pass, against a function called per part


def _parted_scan() -> type[Any]:
    from chunkwrap import OpenAIDictChunk

    def part(chunk: Any, cache: list[Any]) -> None:
        pass

    class PartedScan(OpenAIDictChunk):
        """The same scan, plus the calls of three part functions (the calls alone, no work in them)."""

        __slots__ = ()

        def _scan(self, chunk: Any, cache: list[Any]) -> None:
            part(chunk, cache)
            part(chunk, cache)
            part(chunk, cache)
            super()._scan(chunk, cache)

    return PartedScan


# -- finish-reasons: the scan's one-choice test against a loop over the choices


def finish_reasons(n: int) -> Contenders:
    from chunkwrap._core.lazy import GENERAL

    choices = [c["choices"] for c in _text_chunks(list, n)]

    def one_choice(items: list[Any]) -> Any:
        reasons = GENERAL
        for choices in items:
            reasons = GENERAL
            if len(choices) == 1:
                reason = choices[0].get("finish_reason")
                if not reason:
                    reasons = [] if reason is None or reason == "" else GENERAL
                elif type(reason) is str:
                    reasons = [reason]
        return reasons

    def loop(items: list[Any]) -> Any:
        reasons: Any = GENERAL
        for choices in items:
            reasons = []
            for choice in choices:
                reason = choice.get("finish_reason")
                if not reason:
                    if reason is not None and reason != "":
                        reasons = GENERAL
                        break
                elif type(reason) is str:
                    reasons.append(reason)
                else:
                    reasons = GENERAL
                    break
        return reasons

    return {
        "len(choices) == 1, no loop (the scans)": (one_choice, choices, n),
        "a loop over the choices": (loop, choices, n),
    }


# -- exact-type-test: type() against isinstance() where the fast path is trusted


def audio_answered(n: int) -> Contenders:
    """A fresh wrapper's .content, then .audio and .audio_transcript: answered
    None by the scan, vs computed by the properties (the two slots reset)."""
    from chunkwrap._core.lazy import AUDIO, AUDIO_TRANSCRIPT, UNSET

    contenders: Contenders = {}
    for name, (wrapper, make) in _wrappers().items():
        chunks = _text_chunks(make, n)

        def answered(items: list[Any], wrapper: Any = wrapper) -> None:
            for c in items:
                w = wrapper(c)
                w.content
                w.audio
                w.audio_transcript

        def computed(items: list[Any], wrapper: Any = wrapper) -> None:
            for c in items:
                w = wrapper(c)
                w.content
                cache = w._cache
                cache[AUDIO] = cache[AUDIO_TRANSCRIPT] = UNSET
                w.audio
                w.audio_transcript

        contenders[f"{name}: answered by the scan"] = (answered, chunks, n)
        contenders[f"{name}: computed (slots reset)"] = (computed, chunks, n)
    return contenders


def call_and_key(n: int) -> Contenders:
    """What the fold's comments weigh, per chunk of W5's stream of dicts: a
    test of a rare key by ``in`` against a ``get()``, and a method call or a
    field's path joined by an f-string against the step inline."""
    chunks = (data.fold_stream(n) * 2)[:n]

    class Folder:
        def step(self, chunk: dict[str, Any]) -> None:
            pass

        def inline(self, items: list[Any]) -> None:
            for _ in items:
                pass

        def called(self, items: list[Any]) -> None:
            for c in items:
                self.step(c)

    def key_in(items: list[Any]) -> None:
        for c in items:
            _ = "error" in c and c["error"] is not None

    def key_get(items: list[Any]) -> None:
        for c in items:
            _ = c.get("error") is not None

    def path_joined(items: list[Any]) -> None:
        where = "choices[0]"
        for _ in items:
            _ = f"{where}.delta.content"

    folder = Folder()
    return {
        '"error" in chunk (the fold)': (key_in, chunks, n),
        'chunk.get("error")': (key_get, chunks, n),
        "a loop, the step inline": (folder.inline, chunks, n),
        "a loop, the step a method call": (folder.called, chunks, n),
        "a loop, a field's path joined by an f-string": (path_joined, chunks, n),
    }


def exact_type_test(n: int) -> Contenders:
    from collections.abc import Mapping

    from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk
    from chunkwrap._accumulate import _WRAPPERS
    from chunkwrap._core.read import members, model_fields
    from chunkwrap._formats import unwrapped

    sdk_chunks = _wrappers()["OpenAICallResponseChunk"][1](_text_chunks(list, n))
    wrapped = [OpenAIDictChunk(c) for c in _text_chunks(list, n)]
    dicts = _text_chunks(list, n)
    classes = (OpenAICallResponseChunk, OpenAIDictChunk)

    def type_in(items: list[Any]) -> None:
        for c in items:
            _ = type(c) in _WRAPPERS

    def is_instance(items: list[Any]) -> None:
        for c in items:
            isinstance(c, classes)

    def unwrap_by_type(items: list[Any]) -> None:
        for c in items:
            if type(c) in _WRAPPERS:
                c.chunk

    def unwrap_general(items: list[Any]) -> None:
        for c in items:
            if model_fields(c) is None:
                members(unwrapped(c))

    def dict_is(items: list[Any]) -> None:
        for c in items:
            _ = type(c) is dict

    def mapping(items: list[Any]) -> None:
        for c in items:
            isinstance(c, Mapping)

    return {
        "SDK chunk: type(c) in _WRAPPERS (_accumulate.py)": (type_in, sdk_chunks, n),
        "SDK chunk: isinstance(c, wrapper classes)": (is_instance, sdk_chunks, n),
        "a wrapper: type test, then .chunk": (unwrap_by_type, wrapped, n),
        "a wrapper: model_fields(), then the general path": (unwrap_general, wrapped, n),
        "a dict: type(v) is dict": (dict_is, dicts, n),
        "a dict: isinstance(v, Mapping)": (mapping, dicts, n),
    }


# -- pydantic-missing-attr: a name an SDK model lacks, asked three ways


def pydantic_missing_attr(n: int) -> Contenders:
    deltas = [c.choices[0].delta for c in _wrappers()["OpenAICallResponseChunk"][1](_text_chunks(list, n))]

    def by_getattr(items: list[Any]) -> None:
        for delta in items:
            getattr(delta, "x_absent", None)

    def by_dicts(items: list[Any]) -> None:
        for delta in items:
            value = delta.__dict__.get("x_absent")
            if value is None:
                extra = delta.__pydantic_extra__
                value = extra.get("x_absent") if extra else None

    return {
        "__dict__, then __pydantic_extra__ (_chat/openai.py, _core/read.py)": (by_dicts, deltas, n),
        "getattr(model, name, None)": (by_getattr, deltas, n),
    }


# -- is-record: the SDK scan of a usage chunk, with and without an is_record() test first


def is_record(n: int) -> Contenders:
    from chunkwrap import OpenAICallResponseChunk
    from chunkwrap._core.read import is_record

    class RecordTested(OpenAICallResponseChunk):
        __slots__ = ()

        def _scan(self, chunk: Any, cache: list[Any]) -> None:
            is_record(chunk.usage)
            super()._scan(chunk, cache)

    make = _wrappers()["OpenAICallResponseChunk"][1]
    return {
        f"{label}._scan of a usage chunk": (
            _scanning,
            [cls(c) for c in make(data.batch(data.KINDS["usage-only"], n))],
            n,
        )
        for label, cls in (
            ("as written", OpenAICallResponseChunk),
            ("an is_record() test first", RecordTested),
        )
    }


# -- lazy-import: a module kept by a cached function, against an import statement


def lazy_import(n: int) -> Contenders:
    from chunkwrap._chat.read import _b64decode
    from chunkwrap._core.view import value_types

    def cached_values(count: int) -> None:
        for _ in range(count):
            value_types()

    def import_values(count: int) -> None:
        for _ in range(count):
            from chunkwrap._core import values as _values  # noqa: F401

    def cached_b64(count: int) -> None:
        for _ in range(count):
            _b64decode()

    def import_b64(count: int) -> None:
        for _ in range(count):
            from base64 import b64decode  # noqa: F401

    return {
        "value_types() (_core/view.py)": (cached_values, n, n),
        "from chunkwrap._core import values": (import_values, n, n),
        "_b64decode() (_chat/read.py)": (cached_b64, n, n),
        "from base64 import b64decode": (import_b64, n, n),
    }


# -- fold-*: StreamAccumulator.add() over W5's stream, with one technique undone


def _folding(patches: dict[Any, dict[str, Any]] | None = None) -> Callable[[list[Any]], None]:
    """W5's fold; ``patches``: module globals replaced while it runs (and put back after)."""
    from chunkwrap import StreamAccumulator

    def run(stream: list[Any]) -> None:
        saved = {m: {k: getattr(m, k) for k in p} for m, p in (patches or {}).items()}
        for module, values in (patches or {}).items():
            for key, value in values.items():
                setattr(module, key, value)
        try:
            acc = StreamAccumulator()
            for chunk in stream:
                acc.add(chunk)
            acc.to_dict()
        finally:
            for module, values in saved.items():
                for key, value in values.items():
                    setattr(module, key, value)

    return run


def fold_dict(n: int) -> Contenders:
    stream = data.fold_stream(n)
    tuples = [{**c, "choices": tuple(c["choices"])} if "choices" in c else c for c in stream]
    return {
        "StreamAccumulator.add()": (_folding(), stream, n),
        "choices a tuple: the loop over choices": (_folding(), tuples, n),
    }


def fold_sdk(n: int) -> Contenders:
    from collections.abc import Mapping

    from chunkwrap import _accumulate
    from chunkwrap._core import read as _core_read

    make = _wrappers()["OpenAICallResponseChunk"][1]
    stream = make(data.fold_stream(n))
    model_fields = _core_read.model_fields

    def mapping_first(obj: Any) -> Any:
        return None if isinstance(obj, Mapping) else model_fields(obj)

    return {
        "StreamAccumulator.add()": (_folding(), stream, n),
        "an isinstance(obj, Mapping) test before model_fields()": (
            _folding(
                {_accumulate: {"model_fields": mapping_first}, _core_read: {"model_fields": mapping_first}}
            ),
            stream,
            n,
        ),
        "no shortcut for an SDK text delta": (
            _folding({_accumulate: {"_CONTENT_ONLY": frozenset({"never"})}}),
            stream,
            n,
        ),
    }


def fold_text_delta(n: int) -> Contenders:
    from chunkwrap._chat.choice import ChoiceState

    words = [
        {"content": w} for w in data.text_stream(n + 3)[1:-2] for w in [w["choices"][0]["delta"]["content"]]
    ]
    padded = [{**d, "x_other": None} for d in words]

    def adding(deltas: list[Any]) -> None:
        state = ChoiceState(0)
        state.content = []
        for delta in deltas:
            state.add_delta(delta, "choices[0]")

    return {
        'add_delta({"content": ...}): the early return': (adding, words, len(words)),
        "a second key: every other field looked up": (adding, padded, len(padded)),
    }


def fold_responses(n: int) -> Contenders:
    import json

    from chunkwrap import StreamAccumulator
    from chunkwrap._core.event_fold import copied
    from chunkwrap._responses import fold as _responses_fold

    text = (data.FIXTURES.parent / "openai-responses" / "text.sse").read_text()
    events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: {")]
    streams = [events] * max(1, n // len(events))
    count = len(events) * len(streams)

    def folding(kept: Callable[[Any, str], Any]) -> Callable[[list[Any]], None]:
        def run(streams: list[Any]) -> None:
            saved, _responses_fold._kept = _responses_fold._kept, kept
            try:
                for stream in streams:
                    acc = StreamAccumulator()
                    for event in stream:
                        acc.add(event)
                    acc.to_dict()
            finally:
                _responses_fold._kept = saved

        return run

    return {
        "the text capture folded, dicts kept as sent": (folding(_responses_fold._kept), streams, count),
        "each kept object copied": (folding(copied), streams, count),
    }


def gemini_scan(n: int) -> Contenders:
    """Each chunk of a Gemini capture wrapped and its five per-chunk values read
    (finish_reasons, usage and the three counts): the one-pass scan, vs each
    value through the general path (a scan that leaves GENERAL everywhere)."""
    import json

    from chunkwrap import GeminiCallResponseChunk
    from chunkwrap._core.lazy import (
        CACHED_TOKENS,
        FINISH_REASONS,
        GENERAL,
        INPUT_TOKENS,
        OUTPUT_TOKENS,
        USAGE_OBJECT,
    )

    path = data.FIXTURES.parent / "gemini" / "gemini-2.5-pro-code-execution-thought.sse"
    text = path.read_text(encoding="utf-8")
    chunks = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
    chunks = (chunks * (n // len(chunks) + 1))[:n]

    class General(GeminiCallResponseChunk):  # type: ignore[type-arg]
        __slots__ = ()

        def _scan(self, chunk: Any, cache: list[Any]) -> None:
            for index in (FINISH_REASONS, USAGE_OBJECT, INPUT_TOKENS, OUTPUT_TOKENS, CACHED_TOKENS):
                cache[index] = GENERAL

    def reading(wrapper: Any) -> Callable[[list[Any]], None]:
        def run(items: list[Any]) -> None:
            for c in items:
                w = wrapper(c)
                w.finish_reasons, w.usage, w.input_tokens, w.output_tokens, w.cached_tokens

        return run

    return {
        "one scan (_gemini/wrapper.py)": (reading(GeminiCallResponseChunk), chunks, n),
        "general path": (reading(General), chunks, n),
    }


# -- json-loads: the wire path's default decoder (chunkwrap/_wire/jsonscan.py) and json.loads


def _event_data(n: int) -> list[str]:
    """``n`` events' data, an OpenAI and an Anthropic capture's, repeated."""
    texts = [
        line[len("data: ") :]
        for path in (OPENAI_CAPTURE, NAMED_CAPTURE)
        for line in path.read_text().splitlines()
        if line.startswith("data: {")
    ]
    return (texts * (n // len(texts) + 1))[:n]


def json_loads(n: int) -> Contenders:
    import json

    from chunkwrap._wire import jsonscan as _json

    texts = _event_data(n)

    def decoding(loads: Callable[[str], Any]) -> Callable[[list[str]], None]:
        def run(texts: list[str]) -> None:
            for text in texts:
                loads(text)

        return run

    return {
        "_json.loads (the C scanner, json.loads for the rest)": (decoding(_json.loads), texts, n),
        "json.loads": (decoding(json.loads), texts, n),
    }


def json_loads_each(n: int) -> Contenders:
    """A piece's event data decoded at once (ChunkReader._batch), 50 events a
    piece as an 8 KiB piece of the captures holds: the scanner mapped over
    them vs loads() mapped over them."""
    from chunkwrap._wire import jsonscan as _json

    texts = _event_data(n)
    pieces = [texts[i : i + 50] for i in range(0, len(texts), 50)]

    def each(pieces: list[list[str]]) -> None:
        for piece in pieces:
            _json.loads_each(piece)

    def mapped(pieces: list[list[str]]) -> None:
        for piece in pieces:
            list(map(_json.loads, piece))

    return {
        "loads_each (the scanner mapped, its ends checked at once)": (each, pieces, n),
        "map(loads)": (mapped, pieces, n),
    }


def plain_copy(n: int) -> Contenders:
    import json

    from chunkwrap._core.plain import _general_copy, plain

    web_search = data.FIXTURES.parent / "anthropic" / "web-search-citations-cache.sse"
    events = [
        json.loads(line[6:]) for line in web_search.read_text().splitlines() if line.startswith("data: {")
    ]
    # What the Anthropic fold copies: the message_start's message and usage, each
    # citation, and the counts one by one.
    values: list[Any] = [events[0]["message"], events[0]["message"]["usage"], 43, "end_turn"]
    values += [e["delta"]["citation"] for e in events if e.get("delta", {}).get("type") == "citations_delta"]
    values = (values * (n // len(values) + 1))[:n]

    def copying(copy: Callable[[Any, str], Any]) -> Callable[[list[Any]], None]:
        def run(values: list[Any]) -> None:
            for value in values:
                copy(value, "v")

        return run

    return {
        "plain() (the json shortcut)": (copying(plain), values, n),
        "the general stack copy": (copying(_general_copy), values, n),
    }


def partial_json_scan(n: int) -> Contenders:
    import re

    from chunkwrap import PartialJSON
    from chunkwrap._core import partial as _partial

    from .partial import document, fragments

    text = document(20_000)
    pieces = fragments(text, 400)
    never = re.compile(r"(?!)").match

    def reading(patches: dict[str, Any]) -> Callable[[list[str]], None]:
        def run(pieces: list[str]) -> None:
            saved = {name: getattr(_partial, name) for name in patches}
            for name, value in patches.items():
                setattr(_partial, name, value)
            try:
                parser = PartialJSON()
                for piece in pieces:
                    parser.feed(piece)
                    parser.value
            finally:
                for name, value in saved.items():
                    setattr(_partial, name, value)

        return run

    return {
        "W13's 20 KB in 400 pieces, read after each: members and items whole": (
            reading({}),
            pieces,
            len(text),
        ),
        "a token a match": (reading({"_MEMBER": never, "_ITEM": never}), pieces, len(text)),
        "whole, in one piece": (reading({}), [text], len(text)),
        "a token a match, in one piece": (reading({"_MEMBER": never, "_ITEM": never}), [text], len(text)),
    }


CASES: dict[str, Case] = {
    "partial-json-scan": Case(
        "PartialJSON fed W13's 20 KB arguments in 400 pieces and read after each, per character: "
        "vs a token a regex match (no member or item whole); and both in one piece",
        partial_json_scan,
    ),
    "json-loads": Case(
        "an OpenAI and an Anthropic capture's event data decoded, per event: the C scanner called "
        "directly vs json.loads",
        json_loads,
    ),
    "json-loads-each": Case(
        "a piece's event data (50 events of an OpenAI and an Anthropic capture) decoded at once, "
        "per event: the C scanner mapped over them vs loads() mapped",
        json_loads_each,
    ),
    "plain": Case(
        "plain() of what the Anthropic fold copies of the web-search capture (a message, its usage, "
        "counts, citations), per value: the json shortcut vs the general stack copy",
        plain_copy,
    ),
    "sse-decode": Case(
        "SSEDecoder.decode() of an OpenAI capture in 8 KiB pieces, per event; vs the line rules alone, "
        "tuples for plain events, and splitting a decoded str",
        sse_decode(OPENAI_CAPTURE, plain=True),
    ),
    "sse-decode-named": Case(
        "the same for an Anthropic capture (event: + data: lines), per event",
        sse_decode(NAMED_CAPTURE, plain=False),
    ),
    "sse-event-object": Case(
        "an Anthropic capture's decoded fields as a tuple, or as a ServerSentEvent built three ways, "
        "per event",
        sse_event_object,
    ),
    "sse-crlf": Case(
        "SSEDecoder.decode() of a Gemini capture (CRLF line ends) in 8 KiB pieces, per piece: "
        "split on CRLF vs each CRLF and CR made a LF first",
        sse_crlf,
    ),
    "sse-long-line": Case(
        "a 25 KB data line (web-search results) read by the line rules, per line: cut as bytes then "
        "decoded vs decoded whole then cut",
        sse_long_line,
    ),
    "sse-split": Case('an 8 KiB piece split on b"\\n" vs on b"\\n\\n", per piece', sse_split),
    "wire-event": Case(
        "ChunkReader.feed() over an OpenAI capture in 8 KiB pieces, per chunk; vs the loop alone, "
        "and a first-character test before loads() and a counter per event",
        wire_event,
    ),
    "wire-named-event": Case(
        "ChunkReader.feed() over an Anthropic capture, per event; vs the loop alone, and every event "
        "through _event() and kind_of()",
        wire_named_event,
    ),
    "construct": Case("each wrapper's construction alone over the text chunk, per chunk", construct),
    **{
        f"first-read-{prop}": Case(
            f".{prop} read once on a fresh wrapper of the text chunk, with construction alone beside it",
            first_read(prop),
        )
        for prop in FIRST_READS
    },
    "cached-read": Case(
        ".content read again on a wrapper that has it, vs a plain property (W3)", cached_read
    ),
    "scan": Case(
        "the _scan method alone, on a wrapper of the text chunk; vs three calls of a part function more",
        scan,
    ),
    "agnostic-construct": Case(
        "CallResponseChunk's construction over a wrapper, vs attrs' generated frozen __init__",
        agnostic_construct,
    ),
    "lazy-marks": Case(
        "construction + a first read, per read: a list item and UNSET, vs an unset slot "
        "(AttributeError) or a marked slot, stored by object.__setattr__",
        lazy_marks,
    ),
    "read-local": Case(
        "a repeated read, as written vs with the cache list put in a local on every read", read_local
    ),
    "event-content": Case(
        "an Anthropic event wrapped and its .content read, per event: written out vs through kept()",
        event_content,
    ),
    "rare-read": Case("a repeated read of a @cached property, vs a Python-level descriptor class", rare_read),
    "finish-reasons": Case(
        "a one-choice chunk's finish reasons: the scans' len() test vs a loop", finish_reasons
    ),
    "audio-answered": Case(
        "a fresh wrapper's .content, .audio and .audio_transcript: the audio answered None by the scan, "
        "vs computed by the properties",
        audio_answered,
    ),
    "call-and-key": Case(
        "per chunk of W5's dicts: a rare key tested by in vs get(); a method call, or a path's "
        "f-string, vs the step inline",
        call_and_key,
    ),
    "exact-type-test": Case(
        "the fast paths' type() tests vs isinstance(), and a wrapper unwrapped by type vs the general path",
        exact_type_test,
    ),
    "pydantic-missing-attr": Case(
        "a name an SDK delta lacks: __dict__ and the extras vs getattr() (the SDK chunk's miss)",
        pydantic_missing_attr,
    ),
    "is-record": Case("the SDK scan of a usage chunk, vs with an is_record() test first", is_record),
    "lazy-import": Case(
        "a module kept by a functools.cache'd function vs an import statement, per call", lazy_import
    ),
    "fold-dict": Case(
        "StreamAccumulator.add() over W5's stream of dicts, per chunk; vs the choices as a tuple (the loop)",
        fold_dict,
    ),
    "fold-sdk": Case(
        "the same over SDK chunks; vs an isinstance(obj, Mapping) test before each model_fields(), "
        "and vs no text-delta shortcut",
        fold_sdk,
    ),
    "fold-text-delta": Case(
        "ChoiceState.add_delta() of text deltas, per delta; vs a second key, which skips the early return",
        fold_text_delta,
    ),
    "fold-responses": Case(
        "StreamAccumulator.add() over the Responses text capture, per event; vs each kept object copied",
        fold_responses,
    ),
    "gemini-scan": Case(
        "a Gemini chunk's five per-chunk values from one scan, vs each by the general path, per chunk",
        gemini_scan,
    ),
}


def selected(prefixes: list[str]) -> list[str]:
    if not prefixes:
        return list(CASES)
    unknown = [p for p in prefixes if not any(name.startswith(p) for name in CASES)]
    if unknown:
        raise SystemExit(f"no micro case starts with {', '.join(map(repr, unknown))}: see --list")
    return [name for name in CASES if any(name.startswith(p) for p in prefixes)]


def table(name: str, results: dict[str, float]) -> str:
    rows = [f"| {name} | {contender} | {ns:,.1f} |" for contender, ns in results.items()]
    header = f"**{name}**: {CASES[name].description}\n\n| case | contender | ns per item |\n|---|---|---:|"
    return "\n".join([header, *rows]) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks micro",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cases", nargs="*", metavar="CASE", help="run the cases whose names start so")
    parser.add_argument("--rounds", type=int, help="rounds per case (default 200, --quick 20)")
    parser.add_argument(
        "--quick", action="store_true", help="fewer items and rounds: a fast pass, not numbers to quote"
    )
    parser.add_argument("--list", action="store_true", help="list the cases and what each times")
    args = parser.parse_args(argv)

    names = selected(args.cases)
    if args.list:
        for name in names:
            print(f"{name}: {CASES[name].description}")
        return 0
    rounds = args.rounds or (20 if args.quick else 200)
    n = 200 if args.quick else 1000
    for name in names:
        results = best(interleaved(CASES[name].contenders(n), rounds))
        print(table(name, results))
        sys.stdout.flush()
    return 0
