"""``SSEDecoder``: Server-Sent Events from bytes, with no I/O (h11's sans-IO style).

Bytes go in through ``feed()``; the events they complete come out. The
sync and async front-ends (``_wire.py``) are thin loops around this one
decoder, so each rule is written and tested once. The rules are the WHATWG
HTML standard's "interpreting an event stream"
(https://html.spec.whatwg.org/multipage/server-sent-events.html), "spec"
below, with one deliberate difference, in ``end()``.
"""

from __future__ import annotations

import codecs
from typing import Optional, Tuple

import attrs

from ._errors import ChunkError

DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024

# (event, data, id, retry): what the decoder hands the wire loop. A tuple
# costs ~40 ns an event; a frozen ServerSentEvent ~300 (micro case
# "sse-event-object"), a quarter of what the wrapper costs.
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


class SSEDecoder:
    """Decode an event stream fed in pieces of any size.

    ``feed(data)`` returns the events ``data`` completes. ``end()``, called
    once when the stream ends, returns the event that no blank line closed,
    if any: the spec discards it, but then a server that omits the final
    blank line loses its last chunk, and a stream cut inside an event
    vanishes instead of failing one layer up.

    An event larger than ``max_event_bytes`` raises :class:`ChunkError`, so
    memory stays bounded against a server that never ends a line; so do bytes
    that are not UTF-8. The events a piece completed before the bad part are
    returned first: the error is raised by the same call when there are none,
    else by the next call.
    """

    __slots__ = ("_after_cr", "_failure", "_last_id", "_max", "_pending", "_pending_size", "_started", "_utf8")

    def __init__(self, *, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> None:
        # spec: the stream is decoded as UTF-8; an incremental decoder keeps a
        # character split between two pieces whole.
        self._utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self._started = False  # spec: one leading BOM is ignored
        self._after_cr = False  # the last piece ended in CR, whose LF may start the next
        self._pending: list[str] = []  # text after the last blank line: an event arriving
        self._pending_size = 0
        self._max = max_event_bytes
        self._last_id: str | None = None
        self._failure: ChunkError | None = None

    @property
    def last_event_id(self) -> str | None:
        """The last ``id`` field seen (spec: kept across events)."""
        return self._last_id

    def feed(self, data: bytes) -> list[ServerSentEvent]:
        """The events that ``data`` completes, in order."""
        fields = self.decode(data)
        if not fields and self._failure is not None:
            raise self._failure
        return [ServerSentEvent(*f) for f in fields]

    def end(self) -> list[ServerSentEvent]:
        """The event that no blank line closed, if any."""
        return [ServerSentEvent(*f) for f in self.finish()]

    # What feed() and end() do, as (event, data, id, retry) tuples: the wire
    # loop reads these and checks ``failure`` after each piece.

    @property
    def failure(self) -> ChunkError | None:
        """The error found in the input, once the good events before it are out."""
        return self._failure

    def decode(self, data: bytes) -> list[Fields]:
        if self._failure is not None:
            raise self._failure
        try:
            text = self._utf8.decode(data)
        except UnicodeDecodeError as exc:
            self._failure = ChunkError("<stream>", f"not UTF-8 ({exc.reason})")
            return self._events(exc.object[: exc.start].decode("utf-8"), len(data))
        return self._events(text, len(data))

    def finish(self) -> list[Fields]:
        if self._failure is not None:
            raise self._failure
        try:
            tail = self._utf8.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise ChunkError("<stream>", f"not UTF-8 ({exc.reason} at the end)") from None
        events = self._events(tail, 0) if tail else []
        if self._failure is not None:
            raise self._failure
        last = "".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        if last:
            self._parse(last, events)  # the deliberate difference: dispatched, not dropped
        return events

    def _events(self, text: str, size: int) -> list[Fields]:
        """The events completed by ``text`` (``size`` bytes on the wire)."""
        if not self._started:
            if not text:
                return []
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        # spec: CRLF, LF and CR each end a line, and nothing else does (not
        # U+2028, U+2029 or NEL, which str.splitlines() would split on).
        if self._after_cr and text:
            if text[0] == "\n":
                text = text[1:]
            self._after_cr = False
        if "\r" in text:
            self._after_cr = text[-1] == "\r"
            text = text.replace("\r\n", "\n").replace("\r", "\n")

        pending = self._pending
        # A blank line ends an event: "\n\n" in this text, or across the seam.
        if "\n\n" not in text and not (pending and text[:1] == "\n" and pending[-1][-1] == "\n"):
            if text:
                pending.append(text)
                self._pending_size += size
                if self._pending_size > self._max:
                    self._failure = self._too_large()
            return []
        if pending:
            text = "".join(pending) + text
            pending.clear()
        end = text.rfind("\n\n")
        rest = text[end + 2 :]
        if rest:
            pending.append(rest)
            self._pending_size = len(rest) if rest.isascii() else len(rest.encode("utf-8", "surrogatepass"))
            if self._pending_size > self._max:
                self._failure = self._too_large()
        else:
            self._pending_size = 0

        events: list[Fields] = []
        # A character is at most 4 bytes: only a region that large can hold
        # an event over the limit, so sizes are not taken in the common case.
        check = end * 4 > self._max
        last_id = self._last_id
        for block in text[:end].split("\n\n"):
            if check and len(block.encode("utf-8", "surrogatepass")) > self._max:
                self._failure = self._too_large()
                break
            # Nearly every event is one "data: " line: the spec's field rules
            # give it type "message" and the line's value as its data, so the
            # line loop is skipped (~0.4 us an event, micro case "sse-decode").
            if block[:6] == "data: " and "\n" not in block:
                events.append(("message", block[6:], last_id, None))
            else:
                self._parse(block, events)
                last_id = self._last_id
        return events

    def _parse(self, block: str, events: list[Fields]) -> None:
        """spec: process each line of ``block``; a blank line, and the block's end, dispatch."""
        data: list[str] = []
        event = ""
        retry = None
        for line in block.split("\n"):
            if not line:
                if data:
                    events.append((event or "message", "\n".join(data), self._last_id, retry))
                data, event, retry = [], "", None
                continue
            if line[0] == ":":
                continue  # a comment: servers' keep-alives
            name, colon, value = line.partition(":")
            if colon and value[:1] == " ":
                value = value[1:]  # spec: one leading space is dropped
            if name == "data":
                data.append(value)
            elif name == "event":
                event = value
            elif name == "id":
                if "\0" not in value:
                    self._last_id = value
            elif name == "retry":
                if value.isascii() and value.isdigit():
                    retry = int(value)
            # spec: any other field is ignored
        if data:
            events.append((event or "message", "\n".join(data), self._last_id, retry))

    def _too_large(self) -> ChunkError:
        return ChunkError("<stream>", f"an event is larger than max_event_bytes ({self._max:,} bytes)")
