"""SSEDecoder: the WHATWG event-stream rules, fed in pieces of any size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwrap import ChunkError, ServerSentEvent, SSEDecoder

from .conftest import CHAT_STREAM_PARAMS, SHARED_FIXTURES

ALL_SSE_FILES = sorted(SHARED_FIXTURES.glob("*/*.sse"))


def decode(*pieces: bytes, **options: Any) -> list[ServerSentEvent]:
    decoder = SSEDecoder(**options)
    events = []
    for piece in pieces:
        events += decoder.feed(piece)
    return events + decoder.end()


def spec(data: bytes) -> list[tuple[str, str, str | None, int | None]]:
    """The spec's algorithm written out plainly, line by line: the oracle.

    With the one deliberate difference: an event no blank line closed is
    dispatched at the end.
    """
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    events = []
    buffer: list[str] = []
    kind, last_id, retry = "", None, None
    for line in [*lines, ""]:
        if line == "":
            if buffer:
                events.append((kind or "message", "\n".join(buffer), last_id, retry))
            buffer, kind, retry = [], "", None
        elif line.startswith(":"):
            pass
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                buffer.append(value)
            elif name == "event":
                kind = value
            elif name == "id" and "\0" not in value:
                last_id = value
            elif name == "retry" and value and all("0" <= c <= "9" for c in value):
                retry = int(value)
    return events


def fields(events: list[ServerSentEvent]) -> list[tuple[str, str, str | None, int | None]]:
    return [(e.event, e.data, e.id, e.retry) for e in events]


def test_one_data_line_is_a_message_event() -> None:
    """`data: x` and a blank line: one event of type message."""
    assert decode(b"data: hello\n\n") == [ServerSentEvent("message", "hello", None, None)]


def test_server_sent_event_is_a_frozen_attrs_value() -> None:
    """ServerSentEvent has the four fields, compares by value and cannot be changed."""
    assert [f.name for f in attrs.fields(ServerSentEvent)] == ["event", "data", "id", "retry"]
    event = decode(b"data: x\n\n")[0]
    assert event == ServerSentEvent(data="x") and hash(event) == hash(ServerSentEvent(data="x"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.data = "y"  # type: ignore[misc]


@pytest.mark.parametrize("body", [b"data: x\n\n", b"event: e\ndata: x\nid: 1\nretry: 2\n\n", b"data: x"])
def test_decoded_events_are_plain_server_sent_events(body: bytes) -> None:
    """Events are built on a twin class and re-classed (for speed): each must be
    a ServerSentEvent in every way one built by attrs is, from each path that
    builds them (the fast shapes, the line rules, end())."""
    decoder = SSEDecoder()
    events = decoder.feed(body) + decoder.end()
    (event,) = events
    built = ServerSentEvent(event.event, event.data, event.id, event.retry)
    assert type(event) is ServerSentEvent and isinstance(event, ServerSentEvent)
    assert repr(event) == repr(built) and attrs.asdict(event) == attrs.asdict(built)
    assert attrs.evolve(event) == built and hash(event) == hash(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.id = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        event.__dict__  # noqa: B018  (slotted, as attrs builds it)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"\xef\xbb\xbfdata: a\n\n", ["a"], id="leading-bom-ignored"),
        pytest.param(b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n", [], id="second-bom-is-part-of-the-field-name"),
        pytest.param(b"data: a\r\n\r\ndata: b\r\rdata: c\n\n", ["a", "b", "c"], id="crlf-cr-lf"),
        pytest.param(b"data: a\ndata: b\n\n", ["a\nb"], id="data-lines-join-with-lf"),
        pytest.param(b"data:a\n\n", ["a"], id="no-space-after-colon"),
        pytest.param(b"data:  a\n\n", [" a"], id="only-one-leading-space-dropped"),
        pytest.param(b"data: a:b: c\n\n", ["a:b: c"], id="split-at-the-first-colon"),
        pytest.param(b"data\n\n", [""], id="field-without-colon-has-empty-value"),
        pytest.param(b"data:\n\n", [""], id="empty-data-line-dispatches"),
        pytest.param(b"data:\ndata:\n\n", ["\n"], id="two-empty-data-lines"),
        pytest.param(b": keep-alive\n\ndata: a\n\n", ["a"], id="comment-line"),
        pytest.param(b"event: ping\n\n", [], id="no-data-no-event"),
        pytest.param(b"retry: 10\n\nid: 3\n\n", [], id="retry-or-id-alone-dispatch-nothing"),
        pytest.param(b"foo: bar\ndata: a\n\n", ["a"], id="unknown-field-ignored"),
        pytest.param(b"\n\n\ndata: a\n\n\n\n", ["a"], id="extra-blank-lines"),
        pytest.param(
            'data: {"t": "a\u2028b\u2029c\x85d"}\n\n'.encode(),
            ['{"t": "a\u2028b\u2029c\x85d"}'],
            id="u2028-u2029-nel-are-not-line-ends",
        ),
        pytest.param(b"data: a\n\ndata: b", ["a", "b"], id="end-dispatches-an-unterminated-line"),
        pytest.param(b"data: a\n\ndata: b\n", ["a", "b"], id="end-dispatches-without-the-blank-line"),
        pytest.param(b"data: a\r", ["a"], id="end-after-a-final-cr"),
        pytest.param(b"", [], id="empty-stream"),
    ],
)
def test_spec_rules(body: bytes, expected: list[str]) -> None:
    """Each rule of the WHATWG event-stream interpretation, whole and split into single bytes."""
    assert [e.data for e in decode(body)] == expected
    assert [e.data for e in decode(*(body[i : i + 1] for i in range(len(body))))] == expected


def test_event_type_defaults_to_message() -> None:
    """`event:` names the type; an empty one, or none, is "message"; it resets after each event."""
    events = decode(b"event: delta\ndata: a\n\nevent:\ndata: b\n\ndata: c\n\n")
    assert [e.event for e in events] == ["delta", "message", "message"]


def test_last_event_id_is_kept_across_events() -> None:
    """`id` sets the last event ID for this and later events, until another id; NUL makes it ignored."""
    decoder = SSEDecoder()
    events = decoder.feed(b"id: 7\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n")
    assert [e.id for e in events] == ["7", "7", "7", ""]
    assert decoder.last_event_id == ""


def test_retry_only_when_all_ascii_digits() -> None:
    """`retry` is kept on its event only when it is all ASCII digits."""
    body = (
        b"retry: 150\ndata: a\n\nretry: 1.5\ndata: b\n\nretry: +1\ndata: c\n\n"
        + "retry: ١٢\ndata: d\n\n".encode()
    )
    assert [e.retry for e in decode(body)] == [150, None, None, None]


def test_cr_and_its_lf_in_different_pieces() -> None:
    """A CR that ends one piece and the LF that starts the next are one line end."""
    assert fields(decode(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n")) == [("message", "a\nb", None, None)]


def test_character_split_between_pieces() -> None:
    """A UTF-8 character split between two pieces arrives whole."""
    body = "data: café 😊\n\n".encode()
    for cut in range(len(body)):
        assert decode(body[:cut], body[cut:])[0].data == "café 😊"


def test_not_utf8_after_the_good_events() -> None:
    """Bytes that are not UTF-8 raise ChunkError, after the events before them are given."""
    decoder = SSEDecoder()
    assert [e.data for e in decoder.feed(b"data: ok\n\ndata: \xff\n\n")] == ["ok"]
    with pytest.raises(ChunkError, match=r"^<stream>: not UTF-8"):
        decoder.feed(b"data: more\n\n")
    with pytest.raises(ChunkError, match="not UTF-8"):
        SSEDecoder().feed(b"data: \xc3\x28\n\n")
    with pytest.raises(ChunkError, match="not UTF-8"):
        decode(b"event: \xff\ndata: x\n\n")


def test_truncated_character_at_the_end() -> None:
    """A stream that ends inside a UTF-8 character fails at end()."""
    decoder = SSEDecoder()
    assert decoder.feed("data: é".encode()[:-1]) == []
    with pytest.raises(ChunkError, match="not UTF-8"):
        decoder.end()


@pytest.mark.parametrize(
    "pieces",
    [
        pytest.param([b"data: " + b"x" * 40] * 5, id="a-line-that-never-ends"),
        pytest.param([b"data: " + b"x" * 30 + b"\n"] * 10, id="data-lines-with-no-blank-line"),
        pytest.param([b"data: " + b"x" * 200 + b"\n\n"], id="one-complete-event"),
        pytest.param([b"data: ok\n\n" + b"data: " + b"x" * 200 + b"\n\n"], id="after-a-good-event"),
        pytest.param(["data: " + "é" * 60 + "\n\n"], id="counted-in-utf8-bytes"),
    ],
)
def test_an_event_over_max_event_bytes(pieces: list[Any]) -> None:
    """An event or line larger than max_event_bytes raises ChunkError, good events first."""
    decoder = SSEDecoder(max_event_bytes=100)
    good: list[ServerSentEvent] = []
    with pytest.raises(ChunkError, match=r"^<stream>: an event is larger than max_event_bytes \(100\)"):
        for piece in pieces:
            good += decoder.feed(piece.encode() if isinstance(piece, str) else piece)
        good += decoder.end()
    assert [e.data for e in good] in ([], ["ok"])


def test_max_event_bytes_is_per_event() -> None:
    """Many events under the limit, in one piece or many, are no problem."""
    body = b"data: " + b"x" * 90 + b"\n\n"
    assert len(decode(body * 50, max_event_bytes=100)) == 50
    assert len(decode(*[body] * 50, max_event_bytes=100)) == 50


@pytest.mark.parametrize(
    "path",
    CHAT_STREAM_PARAMS
    + [
        pytest.param(p, id=f"{p.parent.name}-{p.stem}")
        for p in ALL_SSE_FILES
        if "chat-compatible" not in str(p) and "openai-sse" not in str(p)
    ],
)
def test_captures_agree_with_the_spec(path: Path) -> None:
    """Every real capture decodes as the spec's algorithm, written out plainly, decodes it."""
    body = path.read_bytes()
    assert fields(decode(body)) == spec(body)


_ALPHABET = [
    "data:",
    "data: ",
    'data: {"a": 1}',
    "event: x",
    "event:",
    "id: 5",
    "id: \0",
    "id",
    "retry: 12",
    "retry: x",
    ": c",
    "x: y",
    "\ufeff",
    "é",
    "\u2028",
    "😊",
    "\n",
    "\n",
    "\r",
    "\r\n",
]


@settings(max_examples=1000)  # cheap, and the fast paths' corners are found only by many
@given(
    st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join),
    st.lists(st.integers(min_value=0, max_value=200), max_size=8),
)
def test_any_text_split_anywhere_agrees_with_the_spec(text: str, cuts: list[int]) -> None:
    """Generated streams of every field kind, cut at any bytes, decode as the spec does."""
    body = text.encode()
    points = sorted({min(c, len(body)) for c in cuts})
    pieces = [body[a:b] for a, b in zip([0, *points], [*points, len(body)])]
    assert fields(decode(*pieces)) == spec(body)


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@given(data=st.data())
def test_captures_split_anywhere_with_any_line_ends(path: Path, data: st.DataObject) -> None:
    """A capture cut at any bytes, with CRLF or CR line ends and a BOM, gives the same events."""
    body = path.read_bytes().replace(b"\r\n", b"\n")
    expected = fields(decode(body))
    ending = data.draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    variant = (b"\xef\xbb\xbf" if data.draw(st.booleans()) else b"") + body.replace(b"\n", ending)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(variant)), max_size=30)))
    pieces = [variant[a:b] for a, b in zip([0, *cuts], [*cuts, len(variant)])]
    assert fields(decode(*pieces)) == expected


@pytest.mark.parametrize("kind", [bytearray, memoryview], ids=["bytearray", "memoryview"])
def test_pieces_of_other_bytes_types(kind: Any) -> None:
    """A bytearray or memoryview piece is read as bytes."""
    assert [e.data for e in decode(kind(b"data: a\n\n"), kind(b"data: b\n\n"))] == ["a", "b"]


def test_nothing_after_a_bad_line_is_given() -> None:
    """An event left open by one piece, then bad bytes: the events after them are not given before the error."""
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    with pytest.raises(ChunkError, match="not UTF-8"):
        decoder.feed(b"data: \xff\n\ndata: b\n\n")


def test_the_limit_does_not_depend_on_where_the_bytes_are_cut() -> None:
    """An event over max_event_bytes fails whether it arrives whole or cut inside its line."""
    event = b"data: " + b"a" * 30 + b"\n\n"
    for cut in range(len(event) + 1):
        with pytest.raises(ChunkError, match="larger than max_event_bytes"):
            decode(event[:cut], event[cut:], max_event_bytes=25)


def test_a_long_line_in_tiny_pieces_keeps_memory_near_its_size() -> None:
    """A line that arrives two bytes at a time is held in one buffer, not as many small objects."""
    import tracemalloc

    decoder = SSEDecoder(max_event_bytes=200_000)
    tracemalloc.start()
    for _ in range(50_000):
        decoder.feed(b"xx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3 * 100_000


@pytest.mark.parametrize(
    "line", [pytest.param(b"data", id="no-colon"), pytest.param(b"data:", id="colon-no-value")]
)
def test_data_lines_with_no_value_count_toward_the_limit(line: bytes) -> None:
    """A `data` line with no value adds a newline to the event's data: it counts, so the limit holds."""
    with pytest.raises(ChunkError, match=r"larger than max_event_bytes \(1,000\)"):
        SSEDecoder(max_event_bytes=1000).feed((line + b"\n") * 100_000 + b"\n")


@pytest.mark.parametrize("count", [1, 4095, 4096, 4097, 8192, 10_001])
@pytest.mark.parametrize("piece", [7, 1000, 65536])
def test_an_event_of_many_data_lines_keeps_each_line(count: int, piece: int) -> None:
    """Data lines held joined a block at a time read as the lines joined by LF,
    whatever the count and the pieces (bare ``data`` lines, values, values with spaces)."""
    values = ["" if i % 3 == 0 else f"v{i}" if i % 3 == 1 else f" x {i} " for i in range(count)]
    body = "".join("data\n" if not v else f"data: {v}\n" for v in values).encode() + b"\n"
    decoder = SSEDecoder()
    events = []
    for at in range(0, len(body), piece):
        events += decoder.feed(body[at : at + piece])
    events += decoder.end()
    assert [e.data for e in events] == ["\n".join(values)]


def test_an_event_of_empty_data_lines_holds_about_its_bytes() -> None:
    """A flood of bare ``data`` lines up to the limit: the decoder's memory stays
    within a few times max_event_bytes (held as lines, it was ~10x)."""
    import tracemalloc

    limit = 1 << 20
    body = b"data\n" * (limit - 1) + b"\n"
    tracemalloc.start()
    try:
        decoder = SSEDecoder(max_event_bytes=limit)
        for at in range(0, len(body), 65536):
            decoder.feed(body[at : at + 65536])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * limit
