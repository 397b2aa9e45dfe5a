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
from .workloads import W2_READS

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
    from chunkwrap._sse import SSEDecoder

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
            if decoder.plain:
                last = decoder.last_event_id
                items = [("message", value, last, None) for value in items]
            for _event, _data, _, _ in items:
                pass
        decoder.finish()

    return run


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
    from chunkwrap._sse import SSEDecoder

    decoder = SSEDecoder()
    return sum(len(decoder.decode(piece)) for piece in pieces) + len(decoder.finish())


def sse_decode(path: Path, plain: bool) -> Callable[[int], Contenders]:
    def contenders(n: int) -> Contenders:
        from chunkwrap._sse import SSEDecoder

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
        cases["split alone: bytes, each value decoded"] = (_split_bytes, pieces, events)
        cases["split alone: the piece decoded, str split"] = (_split_str, pieces, events)
        return cases

    return contenders


# -- sse-event-object: what a decoded event becomes


def sse_event_object(n: int) -> Contenders:
    from chunkwrap._sse import ServerSentEvent, SSEDecoder, _built

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
    from chunkwrap._dict import OpenAIDictChunk
    from chunkwrap._wire import ChunkReader

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
    from chunkwrap._wire import ChunkReader

    class KindOfReader(ChunkReader):
        """Named events each read by _event(): server_error(), then kind_of() picks the wrapper."""

        __slots__ = ()

        def _wrap(self, items: list[Any]) -> list[Any]:
            if self._decoder.plain:
                return super()._wrap(items)
            wrappers: list[Any] = []
            seen = self._seen
            self._seen += len(items)
            for position, (event, value, _, _) in enumerate(items, seen + 1):
                if not self._event(event, value, wrappers, position):
                    break
            return wrappers

    return KindOfReader


def _wrapper_count(pieces: list[bytes]) -> int:
    from chunkwrap._wire import ChunkReader

    reader = ChunkReader(None, 16 * 1024 * 1024)
    count = 0
    for piece in pieces:
        count += len(reader.feed(piece))
        if reader.stopped:
            return count
    return count + len(reader.end())


def wire_event(n: int) -> Contenders:
    from chunkwrap._wire import ChunkReader

    pieces = pieces_of(OPENAI_CAPTURE)
    chunks = _wrapper_count(pieces)
    return {
        "ChunkReader.feed()": (_reading_with(ChunkReader), pieces, chunks),
        "a first-character test and a counter per event": (_reading_with(_checking_reader()), pieces, chunks),
    }


def wire_named_event(n: int) -> Contenders:
    from chunkwrap._wire import ChunkReader

    pieces = pieces_of(NAMED_CAPTURE)
    events = _event_count(pieces)
    return {
        "ChunkReader.feed(): one lookup in _EVENT_WRAPPERS": (_reading_with(ChunkReader), pieces, events),
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


class Holder:
    """W3's reference: a plain property returning a stored slot."""

    __slots__ = ("_content",)

    def __init__(self, content: str) -> None:
        self._content = content

    @property
    def content(self) -> str:
        return self._content


def construct(n: int) -> Contenders:
    contenders: Contenders = {}
    for name, (wrapper, make) in _wrappers().items():
        contenders[name] = (_constructing(wrapper), _text_chunks(make, n), n)
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
    return {
        f"{name}._scan": (_scanning, [wrapper(c) for c in _text_chunks(make, n)], n)
        for name, (wrapper, make) in _wrappers().items()
    }


CASES: dict[str, Case] = {
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
    "sse-split": Case('an 8 KiB piece split on b"\\n" vs on b"\\n\\n", per piece', sse_split),
    "wire-event": Case(
        "ChunkReader.feed() over an OpenAI capture in 8 KiB pieces, per chunk; vs a first-character "
        "test before loads() and a counter per event",
        wire_event,
    ),
    "wire-named-event": Case(
        "ChunkReader.feed() over an Anthropic capture, per event; vs every event through _event() "
        "and kind_of()",
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
    "scan": Case("the _scan method alone, on a wrapper of the text chunk", scan),
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
