"""``wrap_sse``: from the bytes of an event stream to a wrapper per chunk.

The rules live in ``ChunkReader``, which does no I/O: SSE pieces in,
wrappers out, [DONE] and errors noted. ``wrap_sse`` (here) and
``awrap_sse`` (``areader.py``) only find the bytes in what they are given,
loop, and close the source.

Loaded on the first call, with json: ``import chunkwrap`` stays light.
"""

# This module reads untyped JSON and foreign objects, whose element types are
# unknown by nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from .. import _formats
from .._chat.spec import WHOLE_OBJECTS
from .._core.errors import ChunkError
from .._core.server import StreamError
from . import jsonscan as _json
from .sse import DEFAULT_MAX_EVENT_BYTES, SSEDecoder
from .unframed import HEAD_BYTES, title, unframed

if TYPE_CHECKING:
    from .._anthropic.wrapper import AnthropicCallResponseChunk
    from .._chat.dict import OpenAIDictChunk
    from .._gemini.wrapper import GeminiCallResponseChunk
    from .._responses.wrapper import OpenAIResponsesChunk

Loads = Callable[[str], Any]
AnyWireChunk = Union[
    "OpenAIDictChunk",
    "AnthropicCallResponseChunk[Any]",
    "OpenAIResponsesChunk[Any]",
    "GeminiCallResponseChunk[Any]",
]
# Each format's wrapper of a dict, from the registry, for _event().
_BY_KIND = {entry.spec.NAME: _formats.wrapper_of(entry.spec.NAME) for entry in _formats.FORMATS}
# The two chunks read inline (feed()'s common case), held here as globals.
_CHAT = _BY_KIND["chat"]
_GEMINI = _BY_KIND["gemini"]
# Each event type that is neither an error nor a ping, and its wrapper: one
# lookup where kind_of() makes several: ~300 ns an event less, ~10%, and
# ~600 less than reading each event through _event() (micro case
# "wire-named-event").
_EVENT_WRAPPERS: dict[str, Any] = _formats.wrappers_by_type()
_READ_SIZE = 64 * 1024
# The ``object`` of a payload the inline paths leave to _event(): a whole
# answer (format_of() says no chunk), or vLLM's error (server_error()).
_NOT_INLINE = WHOLE_OBJECTS | {"error"}
# The event names that say what an event is whatever its data: _event()'s.
_NOT_READ_AS_TYPED = frozenset({"error", "ping"})


class ChunkReader:
    """SSE bytes to chunk wrappers, one piece at a time, with no I/O.

    ``feed()`` returns the wrappers a piece completes. It never raises for
    what the stream holds: it stops at the first problem, keeps it in
    ``failure`` (a ChunkError for bad input, a StreamError for a failure the
    server reported) and sets ``stopped``, so that the front-end yields every
    good chunk before raising. ``data: [DONE]`` sets ``stopped`` alone.
    """

    __slots__ = ("_decoder", "_head", "_loads", "_seen", "failure", "stopped")

    def __init__(self, loads: Loads | None, max_event_bytes: int) -> None:
        self._decoder = SSEDecoder(max_event_bytes=max_event_bytes)
        self._loads = _json.loads if loads is None else loads
        self._seen = 0  # events before the one being read, for error messages
        # The body's start, until its first event: for unframed() to read
        # if none comes; then None, which is all a piece tests after that.
        self._head: bytearray | None = bytearray()
        self.failure: ChunkError | StreamError | None = None
        self.stopped = False

    def feed(self, piece: bytes) -> list[Any]:
        if type(piece) is not bytes and not isinstance(piece, (bytearray, memoryview)):
            raise TypeError(
                f"the stream gave {type(piece).__name__}, not bytes: pass the raw body "
                "(iter_bytes(), not iter_text() or iter_lines(); a file opened 'rb')"
            )
        head = self._head
        if head is not None:
            if self._seen:
                self._head = None
            elif len(head) <= HEAD_BYTES:
                head += piece[: HEAD_BYTES + 1 - len(head)]  # a byte more: the body is longer
        wrappers = self._wrap(self._decoder.decode(piece))
        if not self.stopped and self._decoder.failure is not None:
            self._fail(self._decoder.failure)  # after [DONE], nothing is read: not even bad bytes
        return wrappers

    def end(self) -> list[Any]:
        try:
            items = self._decoder.finish()
        except ChunkError as exc:
            self._fail(exc)
            return []
        wrappers = self._wrap(items)
        if not self._seen and self.failure is None:
            # Not one event: whatever the body was, it was no event stream.
            self._fail(unframed(bytes(self._head or b"")))
        return wrappers

    def _fail(self, error: ChunkError | StreamError) -> None:
        self.failure = error
        self.stopped = True

    def _wrap(self, items: list[Any]) -> list[Any]:
        fast = self._batch(items)
        if fast is not None:
            self._seen += len(items)
            return fast
        wrappers: list[Any] = []
        seen = self._seen
        self._seen += len(items)
        if not self._decoder.plain:
            # Named events: Anthropic's and the Responses API's, each an
            # object whose type picks its wrapper (micro case "wire-named-event").
            kinds = self._decoder.kinds
            if kinds is None:  # the line rules' (event, data, id, retry) tuples
                kinds = [item[0] for item in items]
                items = [item[1] for item in items]
            loads = self._loads
            for position, (event, data) in enumerate(zip(kinds, items), seen + 1):
                try:
                    payload = loads(data)
                except Exception:  # ValueError, RecursionError, a decoder's own (msgspec before 0.19)
                    payload = None
                if (
                    type(payload) is dict
                    and "error" not in payload
                    and "object" not in payload  # no event has one: vLLM's "error" does
                    and event not in _NOT_READ_AS_TYPED
                ):
                    kind = payload.get("type")
                    wrapper = _EVENT_WRAPPERS.get(kind) if type(kind) is str else None
                    if wrapper is not None:
                        wrappers.append(wrapper(payload))
                        continue
                if not self._event(event, data, wrappers, position):
                    break
            return wrappers
        # The common chunk, inline: an unnamed event whose data is a JSON
        # object that reports no error, names no ``type`` (an event's, which
        # _formats.format_of() asks first), has choices, and whose ``object``
        # is not _NOT_INLINE's; then Gemini's common chunk. Anything else,
        # [DONE] included, is read again by _event(), which knows every rule
        # (_formats.format_of, reported), so that what a chunk is never depends
        # on where the pieces were cut (the tests that ensure it, of ``type``
        # and ``object``, cost ~65 ns a chunk in the batch: micro case
        # "wire-event", 2,485 against 2,420). No test of the first character
        # before loads(), no counter: ~70 ns an event less, ~2% of a chunk.
        loads = self._loads
        for position, data in enumerate(items, seen + 1):
            try:
                payload = loads(data)
            except Exception:  # as above
                payload = None
            if type(payload) is dict and "error" not in payload and "type" not in payload:
                kind = payload.get("object")
                if type(kind) is str and kind in _NOT_INLINE:
                    pass
                elif "choices" in payload:
                    wrappers.append(_CHAT(payload))
                    continue
                elif "candidates" in payload:
                    wrappers.append(_GEMINI(payload))
                    continue
            if not self._event("message", data, wrappers, position):
                break
        return wrappers

    def _batch(self, items: list[Any]) -> list[Any] | None:
        """The wrappers of a piece of plain or named events, or None for
        ``_wrap``'s loop to read the piece event by event.

        The payloads are decoded by ``map()`` and the common ones wrapped by
        one comprehension, by the loop's rules (a JSON object that reports
        no error and is of a type that picks a wrapper, or names no type and
        has choices or candidates; an event named ``ping`` is skipped): the loop's
        work without its per-event Python, ~150 ns an Anthropic event less
        and ~300 a chat chunk (micro cases "wire-named-event", 1,947 against
        2,107 ns, and "wire-event", 2,485 against 2,810). Each other event (a
        ping, an error, a payload of no known format) is read at its place by
        ``_event()``, as the loop reads it; so is a ``[DONE]``. A piece whose
        data ``loads`` refuses, or with an ``error`` event, is the loop's.
        """
        decoder = self._decoder
        kinds = decoder.kinds
        if (kinds is None and not decoder.plain) or (kinds is not None and "error" in kinds):
            return None
        done = decoder.plain and "[DONE]" in items  # chat streams end so: their last piece
        todo = items[: items.index("[DONE]")] if done else items
        try:
            loads = self._loads
            payloads = _json.loads_each(todo) if loads is _json.loads else list(map(loads, todo))
            if kinds is not None:
                by_type: dict[Any, Any] = _EVENT_WRAPPERS  # any type a payload sends is looked up
                made = [
                    wrapper(p)
                    if type(p) is dict
                    and "error" not in p
                    and "object" not in p
                    and (wrapper := by_type.get(p.get("type")))
                    else None
                    for p in payloads
                ]
                if "ping" in kinds:  # a keep-alive by its name, whatever its data: _event() skips it
                    made = [None if kind == "ping" else wrapper for kind, wrapper in zip(kinds, made)]
            else:
                whole = _NOT_INLINE  # an unhashable ``object`` raises: the loop reads it
                made = [
                    (_CHAT if "choices" in p else _GEMINI)(p)
                    if type(p) is dict
                    and "error" not in p
                    and "type" not in p
                    and ("choices" in p or "candidates" in p)
                    and p.get("object") not in whole
                    else None
                    for p in payloads
                ]
        except Exception:  # what a decoder raises for bad input, a TypeError for an unhashable type: the loop
            return None
        wrappers = list(filter(None, made))  # a wrapper is always true: the Nones go
        if len(wrappers) == len(made) and not done:
            return wrappers
        # Some events are not the common one: each read at its place.
        wrappers = []
        seen = self._seen
        for position, (wrapper, data) in enumerate(zip(made, todo), seen + 1):
            if wrapper is not None:
                wrappers.append(wrapper)
            elif not self._event(
                "message" if kinds is None else kinds[position - seen - 1], data, wrappers, position
            ):
                return wrappers
        if done:
            self._event("message", "[DONE]", wrappers, seen + len(todo) + 1)
        return wrappers

    def _event(self, event: str, data: str, wrappers: list[Any], position: int) -> bool:
        """Read event number ``position`` into ``wrappers``; False when the stream stops there."""
        text = data.strip()
        if text.startswith("[DONE]"):  # as the openai SDK reads it
            self.stopped = True
            return False
        if not text or event == "ping":
            return True  # a keep-alive
        try:
            payload = self._loads(data)
        except Exception as exc:  # whatever the decoder raises for bad input
            payload = None
            failure: Exception | None = exc
            if self._loads is not _json.loads:  # json.loads itself, faster: its refusal is final
                payload, failure = _json_anyway(data)
            if failure is not None:
                if event == "error":  # an error sent as plain text
                    self._fail(StreamError(_short(text), text))
                else:
                    why = "nested too deeply" if isinstance(failure, RecursionError) else str(failure)
                    self._fail(ChunkError(f"<event {position}>", f"not JSON ({why}): {_short(data)!r}"))
                return False
        if type(payload) is not dict:
            if event == "error":
                self._fail(StreamError(_short(text), payload))
            else:
                got = "null" if payload is None else type(payload).__name__
                self._fail(ChunkError(f"<event {position}>", f"expected a JSON object, got {got}"))
            return False
        error = _formats.reported(payload, event=event == "error", fallback=_short(text))
        if error is not None:
            self._fail(error)
            return False
        kind = _formats.format_of(payload)
        if kind is None:
            self._fail(_formats.unknown_format(payload, f"<event {position}>"))
            return False
        if payload.get("type") != "ping":
            wrappers.append(_BY_KIND[kind](payload))
        return True

    def http_error(self, status: int, body: bytes) -> StreamError:
        """The StreamError for a response whose status is 400 or more."""
        text = body.decode("utf-8", "replace").strip()
        if not text:
            return StreamError(_phrase(status), body.decode("utf-8", "replace"), status)
        try:
            payload = self._loads(_first_data(text) if text.startswith("data:") else text)
        except Exception:
            # Not JSON: a proxy's HTML error page says it in its title ("502 Bad Gateway").
            page = title(body) if text.startswith("<") else None
            return StreamError(_short(page or text), text, status)
        if type(payload) is list and len(payload) == 1 and type(payload[0]) is dict:
            payload = payload[0]  # Gemini's error body: a JSON array, as its non-SSE stream is
        if type(payload) is not dict:
            return StreamError(_short(text), payload, status)
        return _formats.reported(payload, status, event=True, fallback=_short(text))  # type: ignore[return-value]


def _json_anyway(data: str) -> tuple[Any, Exception | None]:
    """What json.loads reads of an event another decoder refused, or its error.

    orjson refuses a lone surrogate escape (``"\\ud83d"``), which json.loads
    and the folds take: a server that splits a character's surrogate pair
    over two chunks sends one in each. Read so, the chunks do not depend on
    ``loads``; this runs only on the events the decoder refused. (What a
    decoder accepts is its own: orjson 3.13 reads an integer past 64 bits as
    a float, so a count so sent is a ChunkError naming its field.)
    """
    try:
        return json.loads(data), None
    except (ValueError, RecursionError) as error:  # json's words, as for json.loads itself
        return None, error


def _first_data(text: str) -> str:
    """The data of an error body's first SSE event (Gemini frames its 500s so):
    its ``data:`` lines up to the first blank one, each without the field name
    and one space after it, joined by newlines (WHATWG's data buffer)."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line:
            break
        if line.startswith("data:"):
            lines.append(line[6:] if line.startswith("data: ") else line[5:])
    return "\n".join(lines)


def _phrase(status: int) -> str:
    """What an empty error body says: the status's name ("Service Unavailable")."""
    from http import HTTPStatus  # noqa: PLC0415 - an enum built only for a failure

    try:
        return f"{HTTPStatus(status).phrase}: the server sent no body"
    except ValueError:
        return "the server sent no body"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def http_status(source: Any) -> int | None:
    """The source's HTTP status (``status_code``: httpx, requests, the SDK;
    ``status``: urllib, aiohttp), or None."""
    for name in ("status_code", "status"):
        status = getattr(source, name, None)
        if type(status) is int:
            return status
    return None


def wrap_sse(
    source: Any, *, loads: Optional[Loads] = None, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
) -> Iterator[AnyWireChunk]:
    """A wrapper per chunk event of an SSE byte stream, in order, as bytes arrive:
    an :class:`OpenAIDictChunk` for each chat-completion chunk, an
    :class:`AnthropicCallResponseChunk` for each Anthropic Messages event
    (but ``ping``), an :class:`OpenAIResponsesChunk` for each Responses event,
    a :class:`GeminiCallResponseChunk` for each Gemini chunk
    (``streamGenerateContent?alt=sse``, Google AI's or Vertex AI's).

    ``source``: ``bytes``; an iterable of bytes; an object with
    ``iter_bytes()`` (``httpx.Response``, the openai SDK's ``APIResponse``
    from ``with_streaming_response``) or ``iter_content()`` (``requests``); a
    binary file (``open(path, "rb")``, ``sys.stdin.buffer``, a ``urllib``
    response). ``data: [DONE]`` ends the stream; events with no data are
    skipped; the source's ``close()`` is called when the stream ends or the
    consumer stops.

    ``loads`` decodes each event's JSON (``json.loads``'s answers by default,
    from its C scanner called directly, ``_wire/jsonscan.py``;
    ``orjson.loads`` or ``msgspec.json.Decoder().decode`` are faster).
    Raises :class:`StreamError` when the server reports a failure (an error
    event or an HTTP status of 400 or more) and :class:`ChunkError` for input
    that is not an event stream of JSON objects, or an object that is a chunk
    of no known format, after every good chunk before it.
    """
    pieces, close = _pieces(source)
    reader = ChunkReader(loads, max_event_bytes)
    return _read(pieces, close, reader, http_status(source), max_event_bytes)


def _read(
    pieces: Iterable[Any], close: Any, reader: ChunkReader, status: int | None, limit: int
) -> Iterator[Any]:
    try:
        if status is not None and status >= 400:
            raise reader.http_error(status, _body(pieces, limit))
        for piece in pieces:
            yield from reader.feed(piece)
            if reader.stopped:
                break
        else:
            yield from reader.end()
        if reader.failure is not None:
            raise reader.failure
    finally:
        if close is not None:
            close()


def _body(pieces: Iterable[Any], limit: int) -> bytes:
    body = bytearray()
    for piece in pieces:
        body += piece
        if len(body) > limit:
            break
    return bytes(body[:limit])


def httpx_stream(source: Any) -> str | None:
    """ "sync" or "async" for an httpx Response whose stream is only that; else None.

    An httpx Response has both iter_bytes() and aiter_bytes() (and close()
    and aclose()), of which only one works: which one, its stream says. A
    Response means httpx is loaded: it is looked up, never imported.
    """
    httpx = sys.modules.get("httpx")
    if httpx is None or not isinstance(source, httpx.Response):
        return None
    sync, asynchronous = (
        isinstance(source.stream, httpx.SyncByteStream),
        isinstance(source.stream, httpx.AsyncByteStream),
    )
    if sync != asynchronous:
        return "sync" if sync else "async"
    return None  # a body given whole (httpx.ByteStream) reads either way


def _pieces(source: Any) -> tuple[Iterable[Any], Any]:
    """What to iterate for bytes, and the source's ``close`` (or None)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return (source,), None
    if isinstance(source, str):
        raise TypeError("wrap_sse() reads bytes, not str: pass the raw body, or text.encode()")
    close = getattr(source, "close", None)
    if httpx_stream(source) == "async":
        raise TypeError("this source is asynchronous: use awrap_sse()")
    iter_bytes = getattr(source, "iter_bytes", None)
    if iter_bytes is not None:
        pieces = iter_bytes()
        if not hasattr(pieces, "__next__") and hasattr(pieces, "__anext__"):
            raise TypeError("this source is asynchronous: use awrap_sse()")
        return pieces, close
    iter_content = getattr(source, "iter_content", None)
    if iter_content is not None:
        return iter_content(None), close  # requests: pieces as they arrive
    if hasattr(source, "iter_any") or hasattr(getattr(source, "content", None), "iter_any"):
        # aiohttp's StreamReader or ClientResponse, whose read() is a coroutine.
        raise TypeError("this source is asynchronous: use awrap_sse()")
    read = getattr(source, "read1", None) or getattr(source, "read", None)
    if read is not None:
        # read1: what is there now, so a live stream is not held back to fill 64 KiB.
        return iter(lambda: read(_READ_SIZE), b""), close
    if hasattr(source, "__iter__"):
        return source, close
    if hasattr(source, "__aiter__"):
        raise TypeError("this source is asynchronous: use awrap_sse()")
    raise TypeError(f"wrap_sse() needs bytes or a byte stream, got {type(source).__name__}")
