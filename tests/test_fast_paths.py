"""Each fast path against the general path it shortcuts, on captures and mutated events.

The Responses fold reads its delta events inline; the same events read through
its helpers, a call each, are the oracle. ``plain()`` copies what json.loads
gives by a shortcut; its general copy is the oracle.

``StreamAccumulator.add()`` hands an event wrapper's dict (what ``wrap_sse()``
yields) straight to the event stream's fold; a dict event goes the general
way (the error check, the choices, then the fold). The two must agree on
every stream: the same answers, or the same error.
"""

from __future__ import annotations

import copy
import enum
import json
import random
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwrap import ChunkError, StreamAccumulator, StreamError
from chunkwrap._anthropic.fold import AnthropicFold
from chunkwrap._core.plain import _SHALLOW, _general_copy, plain
from chunkwrap._core.read import as_text
from chunkwrap._formats import BY_NAME, FORMATS, wrapper_of
from chunkwrap._responses.fold import _DELTAS, ResponsesFold, _index
from chunkwrap._wire import sse
from chunkwrap._wire.reader import ChunkReader
from chunkwrap._wire.sse import SSEDecoder

from .conftest import ANTHROPIC, CHAT_STREAMS, RESPONSES, SHARED_FIXTURES


def captures_of(name: str) -> list[Path]:
    if name == "responses":
        return RESPONSES
    return sorted((SHARED_FIXTURES / name).glob("*.sse"))


EVENT_CAPTURES = [
    pytest.param(name, path, id=f"{name}/{path.name}")
    for name in ("anthropic", "responses", "gemini")
    for path in captures_of(name)
]
MUTANTS_PER_CAPTURE = 60


def events_of(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line[5:])
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("data:") and line[5:].strip().startswith("{")
    ]


def outcome(chunks: list[Any]) -> tuple[Any, ...]:
    """What a fold of ``chunks`` answers: its values, or the error it raised
    (type and message), with how many chunks were taken before it."""
    acc = StreamAccumulator()
    taken = 0
    try:
        for chunk in chunks:
            acc.add(chunk)
            taken += 1
        answers: tuple[Any, ...] = (
            acc.content,
            acc.reasoning,
            acc.tool_calls,
            acc.finish_reasons,
            acc.id,
            acc.model,
            acc.chunks,
            acc.input_tokens,
            acc.output_tokens,
            acc.cached_tokens,
            acc.to_dict(),
        )
    except (ChunkError, StreamError) as exc:
        return ("error", taken, type(exc).__name__, str(exc))
    return ("ok", *answers)


def both_ways(name: str, events: list[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The fold of the events as wrappers (the fast path) and as dicts (the general one)."""
    wrapper = wrapper_of(name)
    as_wrappers = [wrapper(e) if type(e) is dict else e for e in copy.deepcopy(events)]
    return outcome(as_wrappers), outcome(copy.deepcopy(events))


# The values a mutation puts in a field: wrong types, nulls, empties.
ODD_VALUES: list[Any] = [None, "", "x", 0, -1, 1.5, True, [], [1], {}, {"a": 1}]
# Whole chunks a mutation inserts: another format's, an error, nothing known.
INSERTED: list[Any] = [
    {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "x"}}]},
    {"candidates": [{"content": {"parts": [{"text": "x"}]}}]},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}},
    {"type": "response.output_text.delta", "delta": "x", "output_index": 0, "content_index": 0},
    {"error": {"message": "overloaded", "type": "overloaded_error"}},
    {"type": "error", "error": {"type": "overloaded_error", "message": "overloaded"}},
    {"foo": 1},
    {},
]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _set(root: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> None:
    for step in path[:-1]:
        root = root[step]
    if delete:
        del root[path[-1]]
    else:
        root[path[-1]] = value


def mutants(events: list[dict[str, Any]], rng: random.Random) -> list[list[Any]]:
    """Streams one mutation away from ``events``: a field given an odd value or
    removed, an ``error`` member added, a chunk inserted or dropped."""
    made = []
    for _ in range(MUTANTS_PER_CAPTURE):
        stream = copy.deepcopy(events)
        at = rng.randrange(len(stream))
        how = rng.randrange(5)
        if how == 0:
            stream.insert(at, copy.deepcopy(rng.choice(INSERTED)))
        elif how == 1:
            del stream[at]
        elif how == 2:
            stream[at]["error"] = rng.choice([None, {"message": "bad"}, "bad"])
        else:
            paths = _paths(stream[at])
            if not paths:
                continue
            path = rng.choice(paths)
            _set(stream[at], path, rng.choice(ODD_VALUES), delete=how == 3)
        made.append(stream)
    return made


@pytest.mark.parametrize(("name", "path"), EVENT_CAPTURES)
def test_the_fold_of_wrappers_agrees_with_the_fold_of_dicts(name: str, path: Path) -> None:
    """A capture, then one-mutation variants of it: folded through the wrappers'
    shortcut and through the general path, the same answers or the same error."""
    events = events_of(path)
    assert BY_NAME[name].fold is not None
    fast, general = both_ways(name, events)
    assert fast == general
    assert fast[0] == "ok" or "error" in path.name  # the capture itself folds
    rng = random.Random(f"{name}/{path.name}")
    for stream in mutants(events, rng):
        fast, general = both_ways(name, stream)
        assert fast == general, (stream, fast, general)


def test_a_mixed_stream_of_wrappers_and_dicts_agrees() -> None:
    """Wrappers and dicts of one stream, shuffled at random between the two
    shapes: the fold is the same as of either alone."""
    rng = random.Random(7)
    for name in ("anthropic", "responses", "gemini"):
        wrapper = wrapper_of(name)
        for path in captures_of(name):
            events = events_of(path)
            mixed = [wrapper(e) if rng.random() < 0.5 else e for e in copy.deepcopy(events)]
            assert outcome(mixed) == outcome(copy.deepcopy(events))


class _HelpersResponsesFold(ResponsesFold):
    """The Responses fold with its delta events read through the helpers, one
    call each (the way before the inline path): the oracle for that path."""

    __slots__ = ()

    def add(self, event: Any) -> None:
        fields = event if type(event) is dict else None
        kind = fields.get("type") if fields is not None else None
        fragments = _DELTAS.get(kind) if type(kind) is str else None
        if fragments is None:
            super().add(event)
            return
        assert fields is not None
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
        self._chunks += 1


def _fold_outcome(fold: Any, events: list[Any]) -> tuple[Any, ...]:
    taken = 0
    try:
        for event in events:
            fold.add(event)
            taken += 1
        return ("ok", fold.content, fold.reasoning, fold.tool_calls, fold.chunks, fold.to_dict())
    except (ChunkError, StreamError) as exc:
        return ("error", taken, type(exc).__name__, str(exc))


@pytest.mark.parametrize("path", RESPONSES, ids=lambda p: p.name)
def test_the_responses_fold_reads_deltas_inline_as_its_helpers_do(path: Path) -> None:
    """Every Responses capture and one-mutation variants of it (its delta events'
    indexes and texts given odd values, removed, the events reordered): the
    inline delta path and the helpers agree."""
    events = events_of(path)
    rng = random.Random(path.name)
    streams = [events, *mutants(events, rng)]
    deltas = [i for i, e in enumerate(events) if e.get("type") in _DELTAS]
    for _ in range(MUTANTS_PER_CAPTURE):
        stream = copy.deepcopy(events)
        at = rng.choice(deltas) if deltas else rng.randrange(len(stream))
        field = rng.choice(["output_index", "content_index", "summary_index", "delta", "type"])
        if rng.random() < 0.3:
            stream[at].pop(field, None)
        else:
            stream[at][field] = rng.choice([*ODD_VALUES, -1, 5, 10**6])
        streams.append(stream)
    for stream in streams:
        inline = _fold_outcome(ResponsesFold(), copy.deepcopy(stream))
        helpers = _fold_outcome(_HelpersResponsesFold(), copy.deepcopy(stream))
        assert inline == helpers, (stream, inline, helpers)


def _delta_mutants(events: list[dict[str, Any]], rng: random.Random) -> list[list[Any]]:
    """Streams whose one delta event (the kind the folds read by subscripts) has
    one field anywhere in it given an odd value or removed."""
    deltas = [i for i, e in enumerate(events) if str(e.get("type")).endswith("delta")]
    made = []
    for _ in range(MUTANTS_PER_CAPTURE if deltas else 0):
        stream = copy.deepcopy(events)
        event = stream[rng.choice(deltas)]
        path = rng.choice(_paths(event))
        value = event
        for step in path:
            value = value[step]
        odd = [*ODD_VALUES, -1, 5, 2**70, *([_Text(value)] * 4 if type(value) is str else [])]
        _set(event, path, rng.choice(odd), delete=rng.random() < 0.3)
        made.append(stream)
    return made


class _Text(str):
    """A str subclass, which json never gives: the folds take a type or a text
    only when it is a str itself."""


@pytest.mark.parametrize("path", [*ANTHROPIC, *RESPONSES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_folds_read_dict_deltas_by_subscripts_as_the_general_way_does(path: Path) -> None:
    """The Anthropic and Responses folds read a dict's delta by subscripts, kept
    only where every field is what it should be; the same events as read-only
    mappings (not dicts) go the general way, by get(): the same answers or the
    same error, for each capture and one-mutation variants of it."""
    fold_of = {"anthropic": AnthropicFold}.get(path.parent.name, ResponsesFold)
    events = events_of(path)
    rng = random.Random(f"subscripts/{path.name}")
    for stream in [events, *mutants(events, rng), *_delta_mutants(events, rng)]:
        fast = _fold_outcome(fold_of(), copy.deepcopy(stream))
        general = _fold_outcome(fold_of(), [MappingProxyType(e) for e in copy.deepcopy(stream)])
        assert fast == general, (stream, fast, general)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=40,
)


class _StrEnum(str, enum.Enum):
    STOP = "STOP"


# Values plain() must copy the general way: not what json.loads gives.
_OTHER = st.sampled_from(
    [(1, 2), _StrEnum.STOP, b"\x00\xff", bytearray(b"ab"), MappingProxyType({"a": 1}), 10**30, -0.0]
)
_MIXED = st.recursive(
    st.none() | st.integers() | st.text() | _OTHER,
    lambda children: (
        st.lists(children) | st.dictionaries(st.text(), children) | st.tuples(children, children)
    ),
    max_leaves=30,
)


def _outcome_of(decode: Any, texts: list[str]) -> tuple[Any, ...]:
    try:
        return ("ok", decode(texts))
    except Exception as exc:  # json's own errors: ValueError, RecursionError
        return ("error", type(exc).__name__, str(exc))


_EVENT_DATA = st.one_of(
    _JSON.map(json.dumps),
    st.sampled_from(
        [" {}", "{} ", '{"a": 1} x', "{bad", "", "[DONE]", "1 2", "[" * 5000, '"\\ud83d"', "NaN"]
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_EVENT_DATA, max_size=8))
def test_a_piece_decodes_at_once_as_each_event_alone(texts: list[str]) -> None:
    """The scanner mapped over a piece's event data (ChunkReader._batch) and
    loads() of each: the same values, or the same error."""
    from chunkwrap._wire import jsonscan

    assert _outcome_of(jsonscan.loads_each, texts) == _outcome_of(
        lambda each: list(map(jsonscan.loads, each)), texts
    )


@settings(max_examples=400, deadline=None)
@given(_JSON | _MIXED)
def test_plain_copies_as_its_general_way_does(value: Any) -> None:
    """plain()'s shortcut for what json.loads gives, against the general copy:
    the same data, and never the same containers (a copy)."""
    copied, general = plain(value, "v"), _general_copy(value, "v")
    assert copied == general
    assert json.dumps(copied) == json.dumps(general)
    if isinstance(value, (dict, list)):
        assert copied is not value


def test_plain_takes_deep_values_the_general_way() -> None:
    """Nested past the shortcut's depth, a value is copied by the general way, whole."""
    deep: Any = "leaf"
    for _ in range(_SHALLOW * 3):
        deep = {"a": [deep]}
    assert plain(deep, "v") == _general_copy(deep, "v") == deep


@pytest.mark.parametrize(
    "folder", ["openai-sse", "chat-compatible", "anthropic", "openai-responses", "gemini"]
)
def test_plain_copies_every_captured_event_as_its_general_way_does(folder: str) -> None:
    for path in sorted((SHARED_FIXTURES / folder).glob("*.sse")):
        for event in events_of(path):
            assert plain(event, "e") == _general_copy(event, "e") == event


_LINES = st.lists(
    st.tuples(
        st.sampled_from(["data: {}", "data: x", "event: e", "id: 1", ": c", "", "data:", "retry: 5"]),
        st.sampled_from(["\r\n", "\r\n", "\r\n", "\n", "\r"]),
    ),
    max_size=30,
)


def _decoded(body: bytes, cuts: list[int], monkeypatch: pytest.MonkeyPatch | None) -> tuple[Any, ...]:
    from chunkwrap._wire import sse

    if monkeypatch is not None:
        monkeypatch.setattr(sse, "_crlf_lines", lambda data: None)
    try:
        decoder = sse.SSEDecoder()
        events: list[Any] = []
        at = 0
        for cut in [*sorted(cuts), len(body)]:
            events += decoder.feed(body[at:cut])
            at = cut
        events += decoder.end()
        return ("ok", events, decoder.last_event_id)
    finally:
        if monkeypatch is not None:
            monkeypatch.undo()


@settings(max_examples=300, deadline=None)
@given(_LINES, st.lists(st.integers(0, 400), max_size=6))
def test_the_decoder_splits_crlf_lines_as_its_general_way_does(
    lines: list[tuple[str, str]], cuts: list[int]
) -> None:
    """Pieces whose lines end in CRLF are split on CRLF at once; the general way
    makes each CRLF and CR a LF first: the same events, however the bytes are cut."""
    body = "".join(text + end for text, end in lines).encode()
    cuts = [c for c in cuts if c <= len(body)]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _decoded(body, cuts, None) == _decoded(body, cuts, monkeypatch)


# -- the wire: ChunkReader._batch against ChunkReader._wrap's loop, and the
# decoder's named shape (types looked up, beside the data) against the line rules

WIRE_CAPTURES = [
    pytest.param(path, id=f"{path.parent.name}/{path.name}")
    for path in [*CHAT_STREAMS, *ANTHROPIC, *RESPONSES, *captures_of("gemini")]
]


class _LoopReader(ChunkReader):
    """Every piece read by _wrap's loop, event by event: no batch."""

    __slots__ = ()

    def _batch(self, items: list[Any]) -> list[Any] | None:
        return None


def _read_wire(pieces: list[bytes], loads: Any, batch: bool) -> tuple[Any, ...]:
    """What a ChunkReader gives of ``pieces``: each wrapper's type and chunk,
    then its failure (type and message) and whether it stopped."""
    reader = (ChunkReader if batch else _LoopReader)(loads, 16 * 1024 * 1024)
    got: list[Any] = []
    for piece in pieces:
        got += reader.feed(piece)
        if reader.stopped:
            break
    else:
        got += reader.end()
    failure = reader.failure
    return (
        [(type(w).__name__, w.chunk) for w in got],
        None if failure is None else (type(failure).__name__, str(failure)),
        reader.stopped,
    )


def _cut(body: bytes, rng: random.Random) -> list[bytes]:
    cuts = sorted(rng.randrange(len(body) + 1) for _ in range(rng.randrange(8)))
    return [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)])]


def _as_sse(events: list[Any], named: bool) -> bytes:
    """Events as an SSE body: each dict's JSON in a data line, after an event
    line of its type where ``named``; a str is sent as the data itself."""
    blocks = []
    for event in events:
        data = event if type(event) is str else json.dumps(event)
        kind = event.get("type") if type(event) is dict else None
        head = f"event: {kind if type(kind) is str else 'message'}\n" if named else ""
        blocks.append(f"{head}data: {data}\n\n")
    return "".join(blocks).encode()


@pytest.mark.parametrize("path", WIRE_CAPTURES)
def test_the_wire_batch_reads_as_the_loop_does(path: Path) -> None:
    """Each piece's events decoded by map() and wrapped by one comprehension,
    or one by one by the loop that says what each event is: the same wrappers,
    failure and stop, for every capture cut at random, with json and orjson,
    and for one-mutation variants of it (odd fields, inserted errors, pings,
    [DONE], bad JSON)."""
    orjson = pytest.importorskip("orjson")
    body = path.read_bytes()
    rng = random.Random(path.name)
    bodies = [body, *(body.replace(b"\r\n", b"\n") for _ in range(1) if b"\r\n" in body)]
    named = b"\nevent:" in b"\n" + body
    events = events_of(path)
    extras: list[Any] = [*INSERTED, {"type": "ping"}, "[DONE]", "{bad json", "[1, 2]", '"error"', "null"]
    for stream in mutants(events, rng)[:20]:
        stream.insert(rng.randrange(len(stream) + 1), copy.deepcopy(rng.choice(extras)))
        bodies.append(_as_sse(stream, named))
    for each in bodies:
        for loads in (None, orjson.loads):
            pieces = _cut(each, rng)
            assert _read_wire(pieces, loads, batch=True) == _read_wire(pieces, loads, batch=False)


def _named_decoded(body: bytes, cuts: list[int], shapes: bool) -> tuple[Any, ...]:
    decoder = SSEDecoder() if shapes else _LineRulesDecoder()
    events: list[Any] = []
    at = 0
    try:
        for cut in [*sorted(cuts), len(body)]:
            events += decoder.feed(body[at:cut])
            at = cut
        events += decoder.end()
    except ChunkError as exc:
        return ("error", events, str(exc))
    return ("ok", events, decoder.last_event_id)


class _LineRulesDecoder(SSEDecoder):
    """Every line by the spec's line rules: no fast shapes."""

    __slots__ = ()

    def _whole_events(self, lines: list[bytes]) -> list[Any] | None:
        return None


_NAMED_LINES = st.lists(
    st.one_of(
        st.tuples(
            st.sampled_from(["event: a", "event: b", "event: error", "event: ", "event: é", "event:c"]),
            st.sampled_from(
                [
                    'data: {"type": "a"}',
                    "data: x",
                    "data: é",
                    "data:",
                    "data:  y",
                    "data: data: q",
                    "data: x data: ",
                ]
            ),
        ).map(lambda pair: f"{pair[0]}\n{pair[1]}\n\n"),
        st.sampled_from(
            ["id: 7\n", "retry: 30\n", ": keep-alive\n", "data: z\n", "\n", "event: d\n", "data: data: w\n\n"]
        ),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_NAMED_LINES, st.lists(st.integers(0, 600), max_size=6))
def test_named_events_decode_as_the_line_rules_do(text: str, cuts: list[int]) -> None:
    """Named events read by the fast shape (each type looked up once learned,
    the types beside the data, the event left arriving joined to them) and by
    the line rules alone: the same events, IDs and retries however the bytes
    are cut, ids and retries and comments among them."""
    body = text.encode()
    cuts = [c for c in cuts if c <= len(body)]
    assert _named_decoded(body, cuts, shapes=True) == _named_decoded(body, cuts, shapes=False)


def test_bytes_that_are_not_utf8_fail_in_the_fast_shapes_as_by_the_line_rules() -> None:
    """A value that is not UTF-8 among plain or named events, at each place and
    cut at each byte: the events before it, then the line rules' error."""
    for head in (b"", b"event: a\n"):
        good = head + b'data: {"type": "a"}\n\n'
        for at in range(4):
            events = [good] * 4
            events[at] = head + b"data: \xff\xfe data: x\n\n"
            body = b"".join(events)
            for cut in range(len(body) + 1):
                fast = _named_decoded(body, [cut], shapes=True)
                assert fast == _named_decoded(body, [cut], shapes=False)
                assert fast[0] == "error" and "not UTF-8" in fast[2]


def test_a_decoder_keeps_a_bounded_number_of_event_types() -> None:
    """A server that sends a new type each event: the types are right, and the
    decoder keeps at most a few of them decoded."""
    body = b"".join(b"event: t%d\ndata: {}\n\n" % i for i in range(1000))
    for size in (997, len(body)):  # many pieces, and one that holds every type
        decoder = SSEDecoder()
        events = [event for at in range(0, len(body), size) for event in decoder.feed(body[at : at + size])]
        assert [e.event for e in events] == [f"t{i}" for i in range(1000)]
        assert len(decoder._names) == sse._NAMES_KEPT


def test_every_wrapper_is_true() -> None:
    """The batch drops the events it did not wrap with filter(None, ...): a
    wrapper must never be false, as one with a __len__ or __bool__ could be."""
    for entry in FORMATS:
        wrapper = wrapper_of(entry.spec.NAME)
        assert not hasattr(wrapper, "__len__") and not hasattr(wrapper, "__bool__"), wrapper
        assert bool(wrapper({}))
