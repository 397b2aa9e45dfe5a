"""``SSEDecoder``: Server-Sent Events from bytes, with no I/O (h11's sans-IO style).

Bytes go in through ``feed()``; the events they complete come out. The
sync and async front-ends (``reader.py``, ``areader.py``) are thin loops around this one
decoder, so each rule is written and tested once. The rules are the WHATWG
HTML standard's "interpreting an event stream"
(https://html.spec.whatwg.org/multipage/server-sent-events.html), "spec"
below, with one deliberate difference, in ``end()``.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Tuple

import attrs

from .._core.errors import ChunkError

DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024
_BLOCK_LINES = 4096
_NAMES_KEPT = 64  # event lines a decoder keeps decoded: a stream sends a few types

# (event, data, id, retry): what the decoder hands the wire loop. A tuple
# costs ~45 ns an event; a frozen ServerSentEvent ~180 (micro case
# "sse-event-object"), which the wire loop, building a wrapper, does not need.
Fields = Tuple[str, str, Optional[str], Optional[int]]


@attrs.frozen(weakref_slot=False)
class ServerSentEvent:
    """One dispatched event: its type (``"message"`` unless the server named
    one), its data (the ``data`` lines joined with "\\n"), the last event ID
    seen so far, and the ``retry`` the event carried, if any."""

    event: str = "message"
    data: str = ""
    id: Optional[str] = None
    retry: Optional[int] = None


class _Unfrozen:
    """ServerSentEvent's slots, in its order, on a class that lets them be
    stored: ``_built`` stores an event's fields on one, then makes it the
    ServerSentEvent it is laid out as (CPython allows the ``__class__``
    assignment between heap types of the same layout, and raises TypeError
    if they ever differ). Stored so, by the interpreter's specialised slot
    stores, an event costs 60% of what storing it through the slot
    descriptors does, and 40% of attrs' generated __init__ (micro case
    "sse-event-object", Python 3.11: ~180 ns, ~290 and ~430; on 3.9, which
    does not specialise, the first two are even)."""

    __slots__ = vars(ServerSentEvent)["__slots__"]  # as attrs made them


def _built(
    items: list[Any], plain: bool, kinds: list[str] | None, last_id: str | None
) -> list[ServerSentEvent]:
    """The decoder's items as ServerSentEvents."""
    events: list[ServerSentEvent] = []
    if plain or kinds is not None:
        for event, data in zip(kinds or ["message"] * len(items), items):
            built: Any = _Unfrozen()
            built.event = event
            built.data = data
            built.id = last_id
            built.retry = None
            built.__class__ = ServerSentEvent
            events.append(built)
        return events
    for event, data, id_, retry in items:
        built = _Unfrozen()
        built.event = event
        built.data = data
        built.id = id_
        built.retry = retry
        built.__class__ = ServerSentEvent
        events.append(built)
    return events


class SSEDecoder:
    """Decode an event stream fed in pieces of any size.

    ``feed(data)`` returns the events ``data`` completes. ``end()``, called
    once when the stream ends, returns the event that no blank line closed,
    if any: the spec discards it, but then a server that omits the final
    blank line loses its last chunk, and a stream cut inside an event
    vanishes instead of failing one layer up.

    An event (or a line) larger than ``max_event_bytes`` raises
    :class:`ChunkError`, so memory stays bounded against a server that never
    ends a line; so do bytes that are not UTF-8. The events a piece completed
    before the bad part are returned first: the error is raised by the same
    call when there are none, else by the next call.
    """

    # Lines are split as bytes, and each value decoded on its own: CR and LF
    # never occur inside a UTF-8 sequence, so no decoder state crosses pieces
    # and each value's UTF-8 is checked where it is read. Splitting the
    # decoded str instead costs about the same (1.1x on OpenAI's capture,
    # 0.9x on Anthropic's: micro cases "sse-decode" and "sse-decode-named").

    __slots__ = (
        "_after_cr",
        "_blocks",
        "_data",
        "_event",
        "_failure",
        "_last_id",
        "_line",
        "_max",
        "_names",
        "_retry",
        "_size",
        "_started",
        "kinds",
        "plain",
    )

    def __init__(self, *, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        self._started = False  # spec: one leading BOM is ignored
        self._after_cr = False  # the last piece ended in CR, whose LF may start the next
        # The start of a line still arriving: one buffer, not a list of pieces,
        # so that memory stays near the bytes held, whatever the piece sizes.
        self._line = bytearray()
        # The event being built: its data lines, type and retry; the data's
        # size, which with the line still arriving is held to the limit.
        self._data: list[str] = []
        # Its earlier data lines, joined each _BLOCK_LINES: an event of many
        # short lines (``data`` alone, 1 byte each) held as lines cost ~10x
        # its bytes; so, about its bytes.
        self._blocks: list[str] = []
        self._event = ""
        self._retry: int | None = None
        self._size = 0
        self._max = max_event_bytes
        self._last_id: str | None = None
        self._failure: ChunkError | None = None
        # Each ``event:`` line met in the named shape, and the type it gives:
        # decoded once, then looked up (see _kinds).
        self._names: dict[bytes, str] = {}
        self.plain = False
        self.kinds: list[str] | None = None

    @property
    def last_event_id(self) -> str | None:
        """The last ``id`` field seen (spec: kept across events)."""
        return self._last_id

    def feed(self, data: bytes) -> list[ServerSentEvent]:
        """The events that ``data`` completes, in order."""
        items = self.decode(data)
        if not items and self._failure is not None:
            raise self._failure
        return _built(items, self.plain, self.kinds, self._last_id)

    def end(self) -> list[ServerSentEvent]:
        """The event that no blank line closed, if any."""
        items = self.finish()
        return _built(items, self.plain, self.kinds, self._last_id)

    # What feed() and end() do, without building ServerSentEvents: the wire
    # loop calls these, then reads ``plain``, ``kinds`` and ``failure``. The
    # items are (event, data, id, retry) tuples; or, where ``plain`` is True,
    # the data alone of "message" events with ``last_event_id`` and no retry;
    # or, where ``kinds`` is a list, the data alone of events of those types,
    # one each, with ``last_event_id`` and no retry (a tuple an event and its
    # unpacking cost ~60 ns, micro cases "sse-decode" and "sse-decode-named").

    @property
    def failure(self) -> ChunkError | None:
        """The error found in the input, once the good events before it are out."""
        return self._failure

    def decode(self, data: bytes) -> list[Any]:
        if self._failure is not None:
            raise self._failure
        if type(data) is not bytes:
            data = bytes(data)  # a bytearray or memoryview: split() and decode() are bytes
        # spec: CRLF, LF and CR each end a line, and nothing else does (not
        # U+2028, U+2029 or NEL, which str.splitlines() would split on).
        if self._after_cr and data:
            if data[:1] == b"\n":
                data = data[1:]
            self._after_cr = False
        lines, size = self._split(data)
        tail = lines.pop()  # after the last line end: a line still arriving
        partial = self._line
        if not lines:
            if tail:
                partial += tail
                self._check()
            return []
        if partial:
            size += len(partial)
            lines[0] = bytes(partial) + lines[0]
            partial.clear()
        if not self._started:
            self._started = True
            if lines[0][:3] == BOM:
                lines[0] = lines[0][3:]

        events: list[Any] = []
        self.plain = False
        self.kinds = None
        # The events this piece completes end at its last blank line; the
        # lines after it begin one still arriving, for the line rules to keep.
        count = len(lines)
        end = _through_last_blank(lines)
        whole = lines if end == count else lines[:end]
        if whole:
            start = 0
            if self._data or self._blocks or self._event or self._retry is not None:
                # The event the last piece left arriving ends at the first
                # blank line: by the line rules, then the rest as below (with
                # named events a piece nearly always ends inside one).
                start = whole.index(b"") + 1
                self._lines(whole[:start], events)
                if self._failure is not None:
                    return events  # nothing after the bad part is given
            if start:
                whole = whole[start:]
            fast = self._whole_events(whole) if size <= self._max else None
            if fast is None:
                self._lines(whole, events)
            elif not events:
                events = fast
            elif self.kinds is not None and events[0][3] is None:
                # Named events nearly always have one left arriving: the line
                # rules' one tuple (its ID the last one, as theirs) joins them.
                kind, value, _, _ = events[0]
                self.kinds.insert(0, kind)
                fast.insert(0, value)
                events = fast
            else:
                events += self._as_tuples(fast)  # after a tuple with a retry: tuples throughout
        if end < count and self._failure is None:
            rest = lines[end:]  # no blank line among them: nothing is dispatched
            if (self.plain or self.kinds is not None) and any(line[:2] == b"id" for line in rest):
                events = self._as_tuples(events)  # the ID they set is not these events'
            self._lines(rest, events)
        if tail and self._failure is None:
            partial += tail
            self._check()
        return events

    def _split(self, data: bytes) -> tuple[list[bytes], int]:
        """The piece's lines, the last one still arriving, and its size with
        each line end one byte."""
        if b"\r" not in data:
            return data.split(b"\n"), len(data)
        lines = _crlf_lines(data)
        if lines is not None:
            return lines, len(data) - (len(lines) - 1)
        # A lone CR or LF too, or a CR at the end (its LF may begin the next piece).
        self._after_cr = data[-1:] == b"\r"
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return data.split(b"\n"), len(data)

    def finish(self) -> list[Any]:
        if self._failure is not None:
            raise self._failure
        # The deliberate difference: the last line and event are dispatched, not dropped.
        self._after_cr = False
        events = self.decode(b"\n\n") if self._line else self.decode(b"\n")
        if self._failure is not None:
            raise self._failure
        return events

    def _as_tuples(self, items: list[str]) -> list[Fields]:
        """Plain or named items as the (event, data, id, retry) tuples the line rules give."""
        kinds = self.kinds or ["message"] * len(items)
        self.plain, self.kinds = False, None
        return [(kind, value, self._last_id, None) for kind, value in zip(kinds, items)]

    def _whole_events(self, lines: list[bytes]) -> list[Any] | None:
        """The events of ``lines``, complete ones that begin at an event, when
        they take one of the two shapes nearly every server sends; None for
        the line rules to read instead.

        Every event one ``data: `` line (OpenAI and the servers like it), or
        one ``event: `` line and one ``data: `` line (Anthropic, OpenAI
        Responses): the spec's rules give each the named type (or
        "message"), the data line's value as data and the last event ID, so
        the lines are read by slices and comprehensions, not one by one:
        1.95x faster than the line rules on plain events, 1.6x on named ones
        (micro cases "sse-decode" and "sse-decode-named").
        """
        count = len(lines)
        if not count:
            return None
        try:
            if not count & 1 and lines[1::2].count(b"") == count >> 1:
                fields = lines[::2]
                plain = [f[6:].decode() for f in fields if f.startswith(b"data: ")]
                if len(plain) != len(fields):
                    return None
                self.plain = True
                return plain
            if not count % 3 and lines[2::3].count(b"") == count // 3:
                names, values = lines[::3], lines[1::3]
                kinds = self._kinds(names)
                data = [v[6:].decode() for v in values if v.startswith(b"data: ")]
                if kinds is None or len(data) != len(values):
                    return None
                self.kinds = kinds
                return data
        except UnicodeDecodeError:
            pass  # the line rules say where
        return None

    def _kinds(self, names: list[bytes]) -> list[str] | None:
        """The types the ``event: `` lines ``names`` give, or None where one is
        another line. A line met before is looked up, not cut and decoded:
        with the types as a list beside the data, not in a tuple an event,
        ~80 ns an event less (micro case "sse-decode-named"); by map() of the
        dict's lookup, which raises for a line not met, ~22 ns an event
        where a comprehension of get() and a test for None took ~44."""
        known = self._names
        try:
            return list(map(known.__getitem__, names))
        except KeyError:
            pass  # a line not met before
        # Each such line learned once, then all looked up: a stream's first
        # piece (a new decoder knows none) costs ~100 ns an event here, where
        # cutting and decoding each line, then learning it, cost ~235 (60 type
        # lines of each Anthropic and Responses capture).
        for name in dict.fromkeys(names):
            if name not in known:
                if not name.startswith(b"event: "):
                    return None
                if len(known) >= _NAMES_KEPT:
                    break  # bounded: a server could send a new type each event
                known[name] = _event_type(name)
        try:
            return list(map(known.__getitem__, names))
        except KeyError:
            pass  # more types than are kept: each line cut and decoded
        kinds = [_event_type(name) for name in names if name.startswith(b"event: ")]
        return kinds if len(kinds) == len(names) else None

    def _lines(self, lines: list[bytes], events: list[Fields]) -> None:
        """spec: process each line; a blank one dispatches the event built so far."""
        data, event, retry, size = self._data, self._event, self._retry, self._size
        blocks = self._blocks
        for raw in lines:
            if not raw:
                if data or blocks:
                    events.append((event or "message", "\n".join([*blocks, *data]), self._last_id, retry))
                    data = []
                    blocks.clear()
                event, retry, size = "", None, 0
                continue
            if raw[:1] == b":":
                if len(raw) > self._max:
                    self._failure = self._too_large()
                    break
                continue  # a comment: servers' keep-alives
            # Cut as bytes, then decoded: a colon is never inside a UTF-8
            # sequence. A 25 KB line of web-search results decoded whole, then
            # partitioned and sliced, made three 100 KB copies of it: 16 us a
            # line against 8.6 (micro case "sse-long-line"), and 109 us against
            # 28 for the piece that ends it when the copies take fresh memory.
            field, colon, raw_value = raw.partition(b":")
            # The limit before the bytes are decoded, so that a line too
            # large is that whether or not it arrived whole (_check()).
            if field == b"data":
                # Every byte the data will hold: the value and the newline
                # that joins it to the next, so that lines with no value
                # count too (the leading space, when sent, counts with them).
                size += len(raw) - 4 if colon else 1
                if size > self._max:
                    self._failure = self._too_large()
                    break
            elif len(raw) > self._max:  # any other line is held alone
                self._failure = self._too_large()
                break
            if colon and raw_value[:1] == b" ":
                raw_value = raw_value[1:]  # spec: one leading space is dropped
            try:
                name, value = field.decode(), raw_value.decode()
            except UnicodeDecodeError as exc:
                self._failure = ChunkError("<stream>", f"not UTF-8 ({exc.reason})")
                break
            if name == "data":
                data.append(value)
                if len(data) == _BLOCK_LINES:
                    blocks.append("\n".join(data))
                    data = []
            elif name == "event":
                event = value
            elif name == "id":
                if "\0" not in value:
                    self._last_id = value
            elif name == "retry" and value.isascii() and value.isdigit():
                retry = int(value)
            # spec: any other field is ignored
        self._data, self._event, self._retry, self._size = data, event, retry, size

    def _check(self) -> None:
        """The limit, on the line still arriving, counted as _lines() will count
        it once it ends: a data line as the data it adds, any other line alone
        (so that where the pieces were cut never decides whether it passes)."""
        line = self._line
        if not self._started and line.startswith(BOM):
            line = line[3:]  # the first line's, which _lines() never sees
        if line.startswith(b"data:"):
            size = self._size + len(line) - 4
        elif b"data:".startswith(line):
            return  # a data line or another, not yet known: four bytes at most
        else:
            size = len(line)
        if size > self._max:
            self._failure = self._too_large()

    def _too_large(self) -> ChunkError:
        return ChunkError("<stream>", f"an event is larger than max_event_bytes ({self._max:,})")


_CRLF = re.compile(b"\r\n")


def _crlf_lines(data: bytes) -> list[bytes] | None:
    """The lines of a piece whose every line ends in CRLF (Gemini's, and any
    server on Windows), or None where a CR or LF stands alone, or a CR ends
    it. A literal pattern's split finds the
    ends in one pass: ~4 us an 8 KiB piece, where replacing each CRLF by LF
    first cost ~20, ~650 ns a Gemini chunk (micro case "sse-crlf")."""
    if data[-1:] == b"\r":
        return None
    lines = _CRLF.split(data)
    rest = b"".join(lines)
    return None if b"\r" in rest or b"\n" in rest else lines


def _event_type(line: bytes) -> str:
    """The type an ``event: `` line gives (spec: an empty one is "message")."""
    return line[7:].decode() or "message"


def _through_last_blank(lines: list[bytes]) -> int:
    """How many of ``lines`` there are up to the last blank one, which it counts."""
    if not lines[-1]:
        return len(lines)  # a piece nearly always ends inside the line after a blank one
    try:
        return len(lines) - lines[::-1].index(b"")
    except ValueError:
        return 0


BOM = b"\xef\xbb\xbf"
