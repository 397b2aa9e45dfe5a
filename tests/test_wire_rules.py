"""wrap_sse and awrap_sse: what they accept, skip, stop at, close, and raise."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwrap import ChunkError, OpenAIDictChunk, StreamAccumulator, StreamError, awrap_sse, wrap_sse
from chunkwrap._formats import format_of
from chunkwrap._wire.sse import BOM

from .conftest import CHAT_STREAM_PARAMS, SHARED_FIXTURES, chunk_dict


def sse(*chunks: Any) -> bytes:
    """An event stream of the given chunks (dicts, or raw data strings), then [DONE]."""
    parts = [c if isinstance(c, str) else json.dumps(c) for c in chunks]
    return "".join(f"data: {p}\n\n" for p in parts).encode() + b"data: [DONE]\n\n"


TEXT = [chunk_dict(delta={"content": word}) for word in ["Hel", "lo"]]


def contents(source: Any, **options: Any) -> list[str]:
    return [w.content for w in wrap_sse(source, **options)]


async def acontents(source: Any, **options: Any) -> list[str]:
    return [w.content async for w in awrap_sse(source, **options)]


class Closing:
    """An iterable of byte pieces that counts its close() calls."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self.closed = 0
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.taken += 1
            yield piece

    def close(self) -> None:
        self.closed += 1


class AsyncClosing:
    """An async iterable of byte pieces that counts its aclose() calls."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self.closed = 0
        self.taken = 0

    def __aiter__(self) -> AsyncIterator[bytes]:
        async def pieces() -> AsyncIterator[bytes]:
            for piece in self.pieces:
                self.taken += 1
                yield piece

        return pieces()

    async def aclose(self) -> None:
        self.closed += 1


# --- sources --------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda body: body, id="bytes"),
        pytest.param(bytearray, id="bytearray"),
        pytest.param(lambda body: [body[:7], body[7:30], body[30:]], id="list-of-pieces"),
        pytest.param(lambda body: (body[i : i + 5] for i in range(0, len(body), 5)), id="generator"),
        pytest.param(io.BytesIO, id="binary-file"),
        pytest.param(lambda body: io.BufferedReader(io.BytesIO(body), 16), id="buffered-reader"),
        pytest.param(
            lambda body: type("R", (), {"iter_bytes": lambda self: iter([body])})(), id="iter_bytes"
        ),
        pytest.param(
            lambda body: type("R", (), {"iter_content": lambda self, n: iter([body])})(), id="iter_content"
        ),
    ],
)
def test_sync_sources(make: Any) -> None:
    """bytes, iterables of bytes, binary files and response-like objects are all read."""
    assert contents(make(sse(*TEXT))) == ["Hel", "lo"]


def test_a_file_opened_rb(tmp_path: Path) -> None:
    """open(path, "rb") is read and closed."""
    path = tmp_path / "s.sse"
    path.write_bytes(sse(*TEXT))
    handle = open(path, "rb")  # noqa: SIM115 - wrap_sse closes it
    assert contents(handle) == ["Hel", "lo"]
    assert handle.closed


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda body: body, id="bytes"),
        pytest.param(lambda body: AsyncClosing([body[:9], body[9:]]), id="async-iterable"),
        pytest.param(
            lambda body: type("R", (), {"aiter_bytes": lambda self: AsyncClosing([body]).__aiter__()})(),
            id="aiter_bytes",
        ),
        pytest.param(
            lambda body: type("R", (), {"iter_bytes": lambda self: AsyncClosing([body]).__aiter__()})(),
            id="async-iter_bytes",
        ),
        pytest.param(
            lambda body: type("R", (), {"iter_any": lambda self: AsyncClosing([body]).__aiter__()})(),
            id="iter_any",
        ),
        pytest.param(
            lambda body: type(
                "R",
                (),
                {"content": type("C", (), {"iter_any": lambda self: AsyncClosing([body]).__aiter__()})()},
            )(),
            id="content.iter_any",
        ),
    ],
)
def test_async_sources(make: Any) -> None:
    """bytes, async iterables and response-like objects are read by awrap_sse."""
    assert asyncio.run(acontents(make(sse(*TEXT)))) == ["Hel", "lo"]


@pytest.mark.parametrize("reader", [wrap_sse, awrap_sse], ids=["wrap_sse", "awrap_sse"])
def test_str_is_a_type_error(reader: Any) -> None:
    """A str is refused at the call, saying to pass bytes."""
    with pytest.raises(TypeError, match="reads bytes, not str"):
        reader(sse(*TEXT).decode())


def test_pieces_of_str_are_a_type_error() -> None:
    """An iterable of str (iter_text, iter_lines) is refused, saying what to pass."""
    with pytest.raises(TypeError, match=r"gave str, not bytes: pass the raw body \(iter_bytes\(\)"):
        list(wrap_sse(iter(["data: {}\n\n"])))


@pytest.mark.parametrize(
    ("reader", "source", "message"),
    [
        pytest.param(
            wrap_sse, AsyncClosing([]), "asynchronous: use awrap_sse", id="async-iterable-to-wrap_sse"
        ),
        pytest.param(
            wrap_sse,
            type("R", (), {"iter_bytes": lambda self: AsyncClosing([]).__aiter__()})(),
            "asynchronous: use awrap_sse",
            id="async-iter_bytes-to-wrap_sse",
        ),
        pytest.param(awrap_sse, [b"data: {}\n\n"], "synchronous: use wrap_sse", id="list-to-awrap_sse"),
        pytest.param(
            awrap_sse,
            type("R", (), {"iter_bytes": lambda self: iter([])})(),
            "synchronous: use wrap_sse",
            id="sync-iter_bytes-to-awrap_sse",
        ),
        pytest.param(wrap_sse, 42, "needs bytes or a byte stream, got int", id="int"),
        pytest.param(awrap_sse, 42, "needs bytes or an async byte stream, got int", id="int-async"),
    ],
)
def test_the_wrong_kind_of_source(reader: Any, source: Any, message: str) -> None:
    """A source of the other kind, or none at all, is a TypeError that says which to use."""
    with pytest.raises(TypeError, match=message):
        reader(source)


# --- what is skipped, and where the stream ends ----------------------------------


def test_events_without_data_are_skipped() -> None:
    """Comments, event: ping, retry: and empty data are not chunks."""
    body = (
        b': OPENROUTER PROCESSING\n\nevent: ping\n\nretry: 3000\n\ndata:\n\nevent: ping\ndata: {"type": "ping"}\n\n'
        + sse(*TEXT)
    )
    assert contents(body) == ["Hel", "lo"]


def test_done_ends_the_stream_and_nothing_after_it_is_read() -> None:
    """`data: [DONE]` stops: later pieces are never read, and the source is closed."""
    source = Closing([sse(TEXT[0]), b"data: not json\n\n", b"never read"])
    assert contents(source) == ["Hel"]
    assert (source.taken, source.closed) == (1, 1)


def test_the_last_event_without_a_blank_line_is_kept() -> None:
    """A stream whose last event has no closing blank line still gives that chunk."""
    body = f"data: {json.dumps(TEXT[0])}\n\ndata: {json.dumps(TEXT[1])}".encode()
    assert contents(body) == ["Hel", "lo"]


def test_a_multi_line_data_event_is_one_chunk() -> None:
    """A chunk's JSON over two `data:` lines is joined with a newline, which JSON allows."""
    assert contents(b'data: {"choices": [{"index": 0,\ndata: "delta": {"content": "hi"}}]}\n\n') == ["hi"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: Closing([sse(*TEXT)]), id="all-read"),
        pytest.param(lambda: Closing([sse(TEXT[0])[:-14], b"data: {bad\n\n"]), id="bad-input"),
    ],
)
def test_the_source_is_closed(source: Any) -> None:
    """The source's close() runs when the stream ends, or fails."""
    made = source()
    try:
        list(wrap_sse(made))
    except ChunkError:
        pass
    assert made.closed == 1


def test_stopping_early_closes_the_source() -> None:
    """A consumer that breaks off closes the source."""
    source = Closing([sse(*TEXT)])
    stream = wrap_sse(source)
    next(stream)
    stream.close()
    assert source.closed == 1


def test_async_source_is_closed_when_the_consumer_stops() -> None:
    """awrap_sse awaits the source's aclose() when the consumer breaks off, and at the end."""
    source = AsyncClosing([sse(*TEXT)])

    async def main() -> None:
        stream = awrap_sse(source)
        async for _ in stream:
            break
        await stream.aclose()  # type: ignore[attr-defined]
        assert source.closed == 1
        again = AsyncClosing([sse(*TEXT)])
        assert await acontents(again) == ["Hel", "lo"] and again.closed == 1

    asyncio.run(main())


def test_a_sync_close_is_called_by_awrap_sse() -> None:
    """A source with a plain close() (aiohttp's ClientResponse) is closed too."""
    closed = []
    source = type(
        "R",
        (),
        {
            "iter_any": lambda self: AsyncClosing([sse(*TEXT)]).__aiter__(),
            "close": lambda self: closed.append(1),
        },
    )()
    assert asyncio.run(acontents(source)) == ["Hel", "lo"] and closed == [1]


# --- failures the server reports --------------------------------------------------


@pytest.mark.parametrize(
    ("events", "message", "body"),
    [
        pytest.param(
            b'data: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n',
            "The server had an error",
            {"message": "The server had an error", "type": "server_error"},
            id="openai-vllm-tgi-litellm",
        ),
        pytest.param(
            b'data: {"error": "model \'llama3\' not found"}\n\n',
            "model 'llama3' not found",
            "model 'llama3' not found",
            id="ollama-string",
        ),
        pytest.param(
            b'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n',
            "Overloaded",
            {"type": "overloaded_error", "message": "Overloaded"},
            id="anthropic",
        ),
        pytest.param(
            b'event: error\ndata: {"error": {"message": "Tool call validation failed", "code": "tool_use_failed"}}\n\n',
            "Tool call validation failed",
            {"message": "Tool call validation failed", "code": "tool_use_failed"},
            id="groq",
        ),
        pytest.param(
            b'event: error\ndata: {"type": "error", "code": "rate_limit_exceeded", "message": "Slow down", "param": null}\n\n',
            "Slow down",
            {"type": "error", "code": "rate_limit_exceeded", "message": "Slow down", "param": None},
            id="responses-top-level",
        ),
        pytest.param(
            b'data: {"id": "gen-1", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}], "error": {"code": 502, "message": "Provider returned error"}}\n\n',
            "Provider returned error",
            {"code": 502, "message": "Provider returned error"},
            id="openrouter-chunk-with-error",
        ),
        pytest.param(
            b"event: error\ndata: upstream connect error\n\n",
            "upstream connect error",
            "upstream connect error",
            id="error-event-as-text",
        ),
        pytest.param(
            b'event: error\ndata: {"detail": "boom"}\n\n',
            "boom",
            {"detail": "boom"},
            id="error-event-unknown-shape",
        ),
        pytest.param(
            b'data: {"error": {"code": 500}}\n\n',
            "the server reported an error",
            {"code": 500},
            id="no-message",
        ),
    ],
)
def test_server_errors_raise_stream_error(events: bytes, message: str, body: Any) -> None:
    """Every shape servers send inside a 200 stream is a StreamError with their message, after the good chunks."""
    got = []
    with pytest.raises(StreamError) as caught:
        for wrapper in wrap_sse(sse(TEXT[0])[:-14] + events + sse(TEXT[1])):
            got.append(wrapper.content)
    assert got == ["Hel"]
    assert (caught.value.message, caught.value.body) == (message, body)
    assert not isinstance(caught.value, ChunkError)


def test_a_null_error_is_no_error() -> None:
    """`"error": null` on a chunk is an ordinary chunk."""
    assert contents(sse({**TEXT[0], "error": None})) == ["Hel"]


@pytest.mark.parametrize(
    "path",
    [p for p in sorted((SHARED_FIXTURES / "chat-compatible").glob("*error*.sse"))],
    ids=lambda p: p.stem,
)
def test_captured_mid_stream_errors(path: Path) -> None:
    """The real captures of mid-stream failures (Groq, OpenRouter) end in StreamError after their chunks, with the status their body states."""
    got = []
    with pytest.raises(StreamError) as caught:
        got.extend(wrap_sse(path.read_bytes()))
    assert got and caught.value.message
    assert caught.value.status_code == 400  # Groq's status_code, OpenRouter's code


def test_http_status_from_the_source() -> None:
    """A source whose status_code or status is 400 or more raises before any chunk, with its body's message."""
    for name in ("status_code", "status"):
        source = type("R", (Closing,), {name: 401})([b'{"error": {"message": "Incorrect API key"', b"}}"])
        with pytest.raises(StreamError, match=r"^Incorrect API key \(HTTP 401\)$") as caught:
            list(wrap_sse(source))
        assert caught.value.status_code == 401 and source.closed == 1


def test_http_status_body_is_bounded() -> None:
    """An error body is read up to max_event_bytes, never more."""
    source = type("R", (Closing,), {"status_code": 500})([b"x" * 60] * 1000)
    with pytest.raises(StreamError) as caught:
        list(wrap_sse(source, max_event_bytes=100))
    assert len(caught.value.message) <= 203 and source.taken == 2


def test_http_status_async() -> None:
    """awrap_sse checks the status the same way."""
    source = type("R", (AsyncClosing,), {"status": 503})([b'{"error": "overloaded"}'])
    with pytest.raises(StreamError, match=r"^overloaded \(HTTP 503\)$"):
        asyncio.run(acontents(source))
    assert source.closed == 1


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        pytest.param(b"data: {bad\n\n", r"^<event 2>: not JSON \(", id="not-json"),
        pytest.param(b"data: hello\n\n", r"^<event 2>: not JSON \(.*'hello'", id="text"),
        pytest.param(b"data: [1, 2]\n\n", r"^<event 2>: expected a JSON object, got list", id="array"),
        pytest.param(b"data: null\n\n", r"^<event 2>: expected a JSON object, got null", id="null"),
        pytest.param(
            b"event: delta\ndata: 3\n\n", r"^<event 2>: expected a JSON object, got int", id="named-number"
        ),
        pytest.param(b"data: \xff\xfe\n\n", r"^<stream>: not UTF-8", id="not-utf8"),
        pytest.param(
            b"data: " + b"[" * 100_000 + b"\n\n",
            r"^<event 2>: not JSON \(nested too deeply\)",
            id="deep-nesting",
        ),
    ],
)
def test_bad_input_raises_chunk_error_after_the_good_chunks(bad: bytes, match: str) -> None:
    """Input that is not an event stream of JSON objects is a ChunkError, after every good chunk before it."""
    got = []
    with pytest.raises(ChunkError, match=match):
        for wrapper in wrap_sse(sse(TEXT[0])[:-14] + bad + sse(TEXT[1])):
            got.append(wrapper.content)
    assert got == ["Hel"]


def test_an_event_over_the_limit() -> None:
    """A server that never ends a line is stopped at max_event_bytes."""
    endless = (b"data: " + b"x" * 1000 for _ in range(10_000))
    with pytest.raises(ChunkError, match=r"larger than max_event_bytes \(4,096\)"):
        list(wrap_sse(endless, max_event_bytes=4096))


def test_the_default_limit_is_16_mib() -> None:
    """max_event_bytes defaults to 16 MiB: a 1 MiB chunk passes."""
    big = chunk_dict(delta={"content": "x" * (1 << 20)})
    assert len(contents(sse(big))[0]) == 1 << 20


def test_bad_input_async() -> None:
    """awrap_sse gives the good chunks, then the same ChunkError."""

    async def main() -> list[str]:
        got = []
        async for wrapper in awrap_sse(AsyncClosing([sse(TEXT[0])[:-14], b"data: [1]\n\n"])):
            got.append(wrapper.content)
        return got

    with pytest.raises(ChunkError, match="expected a JSON object"):
        asyncio.run(main())


# --- loads, and any split of the bytes ---------------------------------------------


@pytest.mark.parametrize("name", ["orjson", "msgspec"])
def test_other_json_decoders(name: str) -> None:
    """orjson.loads and msgspec.json.Decoder().decode give the same chunks as json.loads."""
    module = pytest.importorskip(name)
    loads = module.loads if name == "orjson" else module.json.Decoder().decode
    for path in sorted((SHARED_FIXTURES / "openai-sse").glob("*.sse")):
        assert [w.chunk for w in wrap_sse(path.read_bytes(), loads=loads)] == [
            w.chunk for w in wrap_sse(path.read_bytes())
        ]
    with pytest.raises(ChunkError, match="not JSON"):
        list(wrap_sse(b"data: {bad\n\n", loads=loads))


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@given(data=st.data())
def test_any_split_and_line_ending_gives_the_same_chunks(path: Path, data: st.DataObject) -> None:
    """A capture's bytes split anywhere, with CRLF or CR line ends and a BOM, give the same chunks."""
    body = path.read_bytes().replace(b"\r\n", b"\n")
    expected, error = _read_all(body)
    ending = data.draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    variant = (b"\xef\xbb\xbf" if data.draw(st.booleans()) else b"") + body.replace(b"\n", ending)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(variant)), max_size=40)))
    pieces = [variant[a:b] for a, b in zip([0, *cuts], [*cuts, len(variant)])]
    assert _read_all(pieces) == (expected, error)


def _read_all(source: Any) -> tuple[list[Any], str | None]:
    got = []
    try:
        for wrapper in wrap_sse(source):
            assert type(wrapper) is OpenAIDictChunk
            got.append(wrapper.chunk)
    except StreamError as exc:
        return got, exc.message
    return got, None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b'{"detail": "Not Found"}', "Not Found", id="fastapi-detail"),
        pytest.param(
            b'{"object": "error", "message": "The model `x` does not exist.", "type": "NotFoundError", "code": 404}',
            "The model `x` does not exist.",
            id="vllm-top-level-message",
        ),
        pytest.param(b'{"status": "down"}', '{"status": "down"}', id="json-without-a-message"),
        pytest.param(b'["bad gateway"]', '["bad gateway"]', id="json-not-an-object"),
        pytest.param(
            b'{"error": ["a", "b"]}',
            "the server reported an error",
            id="error-neither-text-nor-object",
        ),
    ],
)
def test_http_error_bodies_of_other_shapes(body: bytes, message: str) -> None:
    """An error body with no message in the usual place is given as it was sent."""
    source = type("R", (Closing,), {"status_code": 404})([body])
    with pytest.raises(StreamError) as caught:
        list(wrap_sse(source))
    assert (caught.value.message, caught.value.status_code) == (message, 404)


def test_an_error_event_whose_data_is_not_an_object() -> None:
    """`event: error` with JSON that is not an object is a StreamError with that text."""
    with pytest.raises(StreamError, match=r"^42$"):
        list(wrap_sse(b"event: error\ndata: 42\n\n"))


def test_a_stream_cut_inside_a_character() -> None:
    """A stream that ends inside a UTF-8 character is a ChunkError, after the chunks before it."""
    got = []
    with pytest.raises(ChunkError, match="not UTF-8"):
        got.extend(w.content for w in wrap_sse([sse(TEXT[0])[:-14], "data: é".encode()[:-1]]))
    assert got == ["Hel"]


def test_async_end_and_bounded_error_body() -> None:
    """awrap_sse gives the last event at the end of a stream without [DONE], and bounds an error body."""
    body = sse(*TEXT)[:-14].rstrip(b"\n")
    assert asyncio.run(acontents(AsyncClosing([body[:10], body[10:]]))) == ["Hel", "lo"]
    source = type("R", (AsyncClosing,), {"status": 500})([b"x" * 60] * 1000)
    with pytest.raises(StreamError):
        asyncio.run(acontents(source, max_event_bytes=100))
    assert source.taken == 2


def test_bad_bytes_after_done_in_the_same_piece_are_not_read() -> None:
    """`data: [DONE]` ends the stream even when what follows it in the same piece is not UTF-8 or too large."""
    ok = sse(TEXT[0])
    assert contents([ok + b"garbage \xff\n\n"]) == ["Hel"]
    assert contents([ok + b"x" * (len(ok) + 10)], max_event_bytes=len(ok)) == ["Hel"]


def test_done_with_trailing_text_ends_the_stream() -> None:
    """`data: [DONE]` followed by more text still ends it, as the openai SDK reads it."""
    assert contents(sse(TEXT[0])[:-14] + b"data: [DONE] \n\n" + b"data: {bad\n\n") == ["Hel"]


def test_an_error_event_whose_data_has_a_known_type_is_an_error() -> None:
    """`event: error` is a failure whatever its data's type says."""
    body = b'event: error\ndata: {"type": "content_block_delta", "message": "odd"}\n\n'
    with pytest.raises(StreamError):
        list(wrap_sse(body))


@pytest.mark.parametrize(
    "error", [False, "", {}, []], ids=["false", "empty-text", "empty-object", "empty-list"]
)
def test_an_empty_error_is_no_error(error: Any) -> None:
    """A chunk whose `error` is false or empty is an ordinary chunk, on the wire and in the fold, as the SDK reads it."""
    chunk = {**TEXT[0], "error": error}
    assert contents(sse(chunk)) == ["Hel"]
    acc = StreamAccumulator()
    acc.add(chunk)
    assert acc.content == "Hel"


def test_empty_data_lines_keep_memory_bounded() -> None:
    """20 MB of `data` lines with no value, through wrap_sse with a 1 MiB limit, stop near the limit."""
    import tracemalloc

    pieces = (b"data\n" * 13_000 for _ in range(320))  # 64 KiB pieces, as from the network
    tracemalloc.start()
    with pytest.raises(ChunkError, match=r"larger than max_event_bytes \(1,048,576\)"):
        list(wrap_sse(pieces, max_event_bytes=1 << 20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 12 << 20


def test_an_empty_error_body_of_an_unnamed_status() -> None:
    """An empty body with a status HTTP gives no name to says only that there was no body."""
    source = type("R", (Closing,), {"status_code": 599})([b"  \n"])
    with pytest.raises(StreamError, match=r"^the server sent no body \(HTTP 599\)$"):
        list(wrap_sse(source))


@pytest.mark.parametrize("name", ["orjson", "msgspec"])
def test_a_decoder_that_refuses_a_lone_surrogate_gives_what_json_loads_gives(name: str) -> None:
    """A surrogate pair split over two chunks (each a lone surrogate escape, which orjson refuses) reads as json.loads reads it."""
    module = pytest.importorskip(name)
    loads = module.loads if name == "orjson" else module.json.Decoder().decode
    body = sse(
        '{"choices": [{"index": 0, "delta": {"content": "a\\ud83d"}}]}',
        '{"choices": [{"index": 0, "delta": {"content": "\\ude00b"}}]}',
        '{"id": "x", "choices": [], "usage": {"prompt_tokens": 18446744073709551616}}',
    )
    expected = [w.chunk for w in wrap_sse(body)]
    assert [w.chunk for w in wrap_sse(body, loads=loads)] == expected
    acc = StreamAccumulator()
    for chunk in wrap_sse(body, loads=loads):
        acc.add(chunk)
    assert acc.content == "a\U0001f600b"
    with pytest.raises(ChunkError, match=r"^<event 1>: not JSON \(Expecting property name"):
        list(wrap_sse(b"data: {bad\n\n", loads=loads))


def _every_cut(body: bytes, **options: Any) -> set[tuple[Any, ...]]:
    """What reading ``body`` gives, cut in two at each byte, with json and orjson:
    the wrappers' types and chunks, then the error's type and text, or None."""
    orjson = pytest.importorskip("orjson")
    found = set()
    for loads in (None, orjson.loads):
        for at in range(len(body) + 1):
            got: list[Any] = []
            try:
                for wrapper in wrap_sse([body[:at], body[at:]], loads=loads, **options):
                    got.append((type(wrapper).__name__, json.dumps(wrapper.chunk)))
            except (ChunkError, StreamError) as exc:
                found.add((*got, type(exc).__name__, str(exc)))
            else:
                found.add((*got, None))
    return found


def test_a_whole_answer_after_a_chunk_is_a_chunk_error_wherever_the_pieces_are_cut() -> None:
    """Every event is asked whether it is a whole answer, as format_of() asks, not
    only the first wrapper of a piece: where the bytes were cut decides nothing."""
    whole = {"object": "chat.completion", "choices": [{"index": 0, "message": {"content": "Hi"}}]}
    assert _every_cut(sse(TEXT[0], whole)) == {
        (
            ("OpenAIDictChunk", json.dumps(TEXT[0])),
            "ChunkError",
            "<event 2>: a whole 'chat.completion' object, not a chunk of a stream (stream it: stream: true)",
        )
    }


@pytest.mark.parametrize(
    ("payload", "read"),
    [
        pytest.param({"type": "message_start", "choices": []}, "AnthropicCallResponseChunk", id="event"),
        pytest.param({"type": "response.created", "choices": []}, "OpenAIResponsesChunk", id="responses"),
        pytest.param({"type": "other", "choices": []}, "OpenAIDictChunk", id="unknown-type"),
        pytest.param({"type": "other", "candidates": []}, None, id="gemini-members-and-a-type"),
    ],
)
def test_a_payload_with_a_type_and_choices_reads_as_format_of_says_wherever_cut(
    payload: dict[str, Any], read: str | None
) -> None:
    """An unnamed event's ``type`` is asked before its choices, as format_of()
    asks it, by every path the bytes can take."""
    (outcome,) = _every_cut(sse(TEXT[0], payload))
    if read is None:
        assert format_of(payload) is None
        assert outcome[1] == "ChunkError"
        assert outcome[2].startswith("<event 2>: not a chunk of any known format")
    else:
        assert outcome[1:] == ((read, json.dumps(payload)), None)


def test_an_error_event_with_choices_is_a_stream_error_wherever_cut() -> None:
    body = sse(TEXT[0], {"type": "error", "error": {"type": "overloaded", "message": "busy"}, "choices": []})
    assert {outcome[1:] for outcome in _every_cut(body)} == {("StreamError", "busy")}


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(b'data: {"choices": [], "object": "error", "message": "down"}\n\n', id="chat"),
        pytest.param(b'data: {"candidates": [], "object": "error", "message": "down"}\n\n', id="gemini"),
        pytest.param(
            b'data: {"type": "content_block_stop", "index": 0, "object": "error", "message": "down"}\n\n',
            id="event",
        ),
        pytest.param(
            b'event: content_block_stop\ndata: {"type": "content_block_stop", "index": 0, "object": "error", '
            b'"message": "down"}\n\n',
            id="named-event",
        ),
    ],
)
def test_an_object_error_is_a_stream_error_wherever_cut(event: bytes) -> None:
    """vLLM's ``{"object": "error", ...}`` is an error wherever it comes (server_error()), by every path."""
    body = sse(TEXT[0])[: -len(b"data: [DONE]\n\n")] + event + b"data: [DONE]\n\n"
    assert {outcome[1:] for outcome in _every_cut(body)} == {("StreamError", "down")}


@pytest.mark.parametrize(
    "data",
    [
        b'{"type": "ping"}',
        b'{"choices": []}',
        b'{"candidates": []}',
        b'{"type": "content_block_stop", "index": 0}',
    ],
    ids=["ping", "chat", "gemini", "event"],
)
def test_an_event_named_ping_is_skipped_whatever_its_data(data: bytes) -> None:
    """``event: ping`` is a keep-alive by its name, by every path the bytes can take."""
    body = b'event: message_stop\ndata: {"type": "message_stop"}\n\nevent: ping\ndata: ' + data + b"\n\n"
    assert _every_cut(body) == {(("AnthropicCallResponseChunk", '{"type": "message_stop"}'), None)}


def test_a_tiny_event_limit_does_not_depend_on_the_cuts() -> None:
    """A line still arriving that may yet be a data line is not counted before it is known."""
    for body in (b"data:1\n\n", BOM + b"data\n\ndata:1\n\n"):
        assert len(_every_cut(body, max_event_bytes=2)) == 1


@pytest.mark.parametrize("bom", [b"", BOM], ids=["", "bom"])
@pytest.mark.parametrize(
    "field",
    [b"data: ", b"data:", b": ", b"event: ", b"id: "],
    ids=["data", "data-no-space", "comment", "event", "id"],
)
def test_the_event_limit_does_not_depend_on_where_the_pieces_were_cut(bom: bytes, field: bytes) -> None:
    """An event's data (each line's value and the newline after it, the
    leading space with it) and any other line alone are held to
    max_event_bytes, counted the same whether a line arrived whole or in pieces."""
    over = ("ChunkError", "<stream>: an event is larger than max_event_bytes (100)")
    for size in range(92, 108):
        line = field + b'"' + b"1" * (size - len(field) - 2) + b'"'  # a JSON string, to either loads
        found = _every_cut(bom + line + b"\n\n" + b'data: {"choices": []}\n\n', max_event_bytes=100)
        counted = size - 4 if field.startswith(b"data") else size
        assert len(found) == 1, (size, found)
        assert (over in {outcome[-2:] for outcome in found}) == (counted > 100), (size, found)


# --- a body with no events at all ---------------------------------------------------

# gemini/error-400-api-key-invalid-on-stream-endpoint.json (../shared/fixtures), as Gemini
# sends it to a streamGenerateContent request: a JSON error object, no SSE framing.
GEMINI_ERROR = b"""{
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {
          "service": "generativelanguage.googleapis.com"
        }
      }
    ]
  }
}
"""


@pytest.mark.parametrize(
    ("body", "message", "status"),
    [
        pytest.param(b'{"error":{"message":"quota exceeded"}}', "quota exceeded", None, id="one-line"),
        pytest.param(GEMINI_ERROR, "API key not valid. Please pass a valid API key.", 400, id="gemini"),
        pytest.param(
            b"[" + GEMINI_ERROR + b"]",
            "API key not valid. Please pass a valid API key.",
            400,
            id="gemini-rest-array",
        ),
        pytest.param(
            b'{"error": "model \'llama3\' not found"}\n', "model 'llama3' not found", None, id="ollama"
        ),
        pytest.param(
            b'{"model": "llama3", "done": false}\n{"error": "out of memory"}\n',
            "out of memory",
            None,
            id="ndjson-error",
        ),
    ],
)
def test_an_unframed_error_object_is_a_stream_error(body: bytes, message: str, status: int | None) -> None:
    """An error object sent without SSE framing (a JSON array of them, a line of JSON Lines) raises StreamError with its message."""
    with pytest.raises(StreamError) as caught:
        list(wrap_sse(body))
    assert (caught.value.message, caught.value.status_code) == (message, status)


@pytest.mark.parametrize(
    ("body", "looks"),
    [
        pytest.param(b"", "the body is empty", id="empty"),
        pytest.param(b"\xef\xbb\xbf \r\n\n", "the body is empty", id="bom-and-blank-lines"),
        pytest.param(b": keep-alive\n\n: keep-alive\n\n", "only comments", id="only-comments"),
        pytest.param(
            b'{"model":"llama3","message":{"role":"assistant","content":"Hi"},"done":false}\n\n'
            b'{"model":"llama3","message":{"role":"assistant","content":""},"done":true}\n',
            r"JSON Lines \(NDJSON\), not an event stream",
            id="ollama-ndjson",
        ),
        pytest.param(
            b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}}]}',
            r"a JSON object \('chat.completion'\), not an event stream",
            id="non-streaming-answer",
        ),
        pytest.param(b'{"foo": 1, "bar": 2}', r"a JSON object \(keys: foo, bar\)", id="json-object"),
        pytest.param(b"{}", r"a JSON object, not", id="empty-object"),
        pytest.param(b'[{"candidates": []}, 2]', r"a JSON array \(2 items\)", id="json-array"),
        pytest.param(b"[]", r"a JSON array \(0 items\)", id="empty-array"),
        pytest.param(b"[null]", r"a JSON array \(1 item\)", id="array-of-null"),
        pytest.param(b"{oops", "text that starts as JSON but is not JSON", id="broken-json"),
        pytest.param(
            b"<html>\r\n<head><title>502 Bad\n Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n",
            r"an HTML page \('502 Bad Gateway'\), not an event stream",
            id="nginx-502",
        ),
        pytest.param(
            b"<!DOCTYPE html><html><body>Oops</body></html>", r"an HTML page, not", id="html-no-title"
        ),
        pytest.param(b'<?xml version="1.0"?><Error/>', "markup, not an event stream", id="xml"),
        pytest.param(
            b"# chunkwrap\n\nA small library.\n", r"text \('# chunkwrap'\), not an event stream", id="text"
        ),
        pytest.param(b"x" * 100, r"text \('x{60}\.\.\.'\)", id="long-text"),
    ],
)
def test_a_body_with_no_events_is_a_chunk_error_saying_what_it_is(body: bytes, looks: str) -> None:
    """A body that held no events at all raises ChunkError saying what it looks like, not an empty stream."""
    with pytest.raises(ChunkError, match=r"^<stream>: no events: " + looks):
        list(wrap_sse(body))


def test_no_events_async() -> None:
    """awrap_sse applies the same rule at the end of the stream."""
    with pytest.raises(StreamError, match=r"^quota exceeded$"):
        asyncio.run(acontents(AsyncClosing([b'{"error":', b' {"message": "quota exceeded"}}'])))
    with pytest.raises(ChunkError, match=r"^<stream>: no events: the body is empty$"):
        asyncio.run(acontents(AsyncClosing([])))


def test_a_stream_of_keep_alives_and_done_is_no_error() -> None:
    """An event, even [DONE] or one with empty data, makes it an event stream: no chunks, no error."""
    assert contents(b"data: [DONE]\n\n") == []
    assert contents(b"data:\n\n") == []


def test_a_long_body_with_no_events_keeps_only_its_start() -> None:
    """A 20 MB body of no events is read in bounded memory, its start enough to say what it is."""
    import tracemalloc

    pieces = (b"<p>" + b"x" * 65_000 + b"</p>\n" for _ in range(320))
    tracemalloc.start()
    with pytest.raises(ChunkError, match=r"^<stream>: no events: markup, not an event stream$"):
        list(wrap_sse(pieces))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1 << 20


def test_a_json_body_longer_than_the_kept_start() -> None:
    """JSON longer than what is kept of it is said to be JSON; JSON Lines cut there, JSON Lines."""
    big = b'{"a": "' + b"x" * 70_000 + b'"}'
    with pytest.raises(ChunkError, match=r"no events: a JSON document, not"):
        list(wrap_sse(big))
    lines = b'{"model": "m", "done": false}\n' * 3000
    with pytest.raises(ChunkError, match=r"no events: JSON Lines \(NDJSON\), not"):
        list(wrap_sse(lines))
