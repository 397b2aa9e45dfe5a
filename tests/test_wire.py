"""wrap_sse and awrap_sse over real clients reading a real HTTP server on the loopback."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import ChunkError, OpenAICallResponseChunk, OpenAIDictChunk, StreamError, awrap_sse, wrap_sse

from .conftest import CHAT_STREAM_PARAMS, CHAT_STREAMS
from .helpers import answers

REQUEST = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "stream": True}


def expected_chunks(body: bytes) -> list[dict[str, Any]]:
    """The chunk objects of a capture, read plainly: every `data: {` line up to [DONE] or an error."""
    chunks = []
    for line in body.decode().replace("\r\n", "\n").split("\n"):
        if line.startswith("data: {"):
            chunk = json.loads(line[6:])
            if chunk.get("error") is not None:
                break
            chunks.append(chunk)
    return chunks


def reported_error(body: bytes) -> str | None:
    """The message of the error a capture ends with, if it ends with one."""
    for line in body.decode().replace("\r\n", "\n").split("\n"):
        if line.startswith("data: {"):
            error = json.loads(line[6:]).get("error")
            if error is not None:
                return str(error["message"] if isinstance(error, dict) else error)
    return None


def collect(iterator: Any) -> tuple[list[Any], BaseException | None]:
    """The wrappers a stream gives, and the exception it ends with, if any."""
    got = []
    try:
        for wrapper in iterator:
            got.append(wrapper)
    except (StreamError, ChunkError) as exc:
        return got, exc
    return got, None


async def acollect(iterator: Any) -> tuple[list[Any], BaseException | None]:
    got = []
    try:
        async for wrapper in iterator:
            got.append(wrapper)
    except (StreamError, ChunkError) as exc:
        return got, exc
    return got, None


def assert_read_as_sent(path: Path, got: list[Any], error: BaseException | None) -> None:
    body = path.read_bytes()
    assert all(type(w) is OpenAIDictChunk for w in got)
    assert [w.chunk for w in got] == expected_chunks(body)
    message = reported_error(body)
    if message is None:
        assert error is None
    else:
        assert isinstance(error, StreamError) and error.message == message


# --- real clients ------------------------------------------------------------


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@pytest.mark.parametrize("how", ["response", "iter_bytes"])
def test_httpx(capture_server: Any, path: Path, how: str) -> None:
    """httpx: the streaming Response itself, or its iter_bytes()."""
    httpx = pytest.importorskip("httpx")
    with httpx.stream("GET", capture_server.serve(path.read_bytes(), seed=len(how))) as response:
        got, error = collect(wrap_sse(response if how == "response" else response.iter_bytes()))
    assert_read_as_sent(path, got, error)


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@pytest.mark.parametrize("how", ["response", "aiter_bytes"])
def test_httpx_async(capture_server: Any, path: Path, how: str) -> None:
    """httpx's AsyncClient: the streaming Response itself, or its aiter_bytes()."""
    httpx = pytest.importorskip("httpx")

    async def main() -> tuple[list[Any], BaseException | None]:
        url = capture_server.serve(path.read_bytes(), seed=3)
        async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
            return await acollect(awrap_sse(response if how == "response" else response.aiter_bytes()))

    assert_read_as_sent(path, *asyncio.run(main()))


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
def test_urllib(capture_server: Any, path: Path) -> None:
    """The standard library's urllib response, a binary file object."""
    import urllib.request

    with urllib.request.urlopen(capture_server.serve(path.read_bytes(), seed=4)) as response:
        got, error = collect(wrap_sse(response))
    assert_read_as_sent(path, got, error)


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@pytest.mark.parametrize("how", ["response", "iter_content"])
def test_requests(capture_server: Any, path: Path, how: str) -> None:
    """requests: the Response (stream=True) itself, or its iter_content(None)."""
    requests = pytest.importorskip("requests")
    with requests.get(capture_server.serve(path.read_bytes(), seed=5), stream=True) as response:
        got, error = collect(wrap_sse(response if how == "response" else response.iter_content(None)))
    assert_read_as_sent(path, got, error)


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
@pytest.mark.parametrize("how", ["response", "iter_any"])
def test_aiohttp(capture_server: Any, path: Path, how: str) -> None:
    """aiohttp: the ClientResponse itself, or its content.iter_any()."""
    aiohttp = pytest.importorskip("aiohttp")

    async def main() -> tuple[list[Any], BaseException | None]:
        url = capture_server.serve(path.read_bytes(), seed=6)
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return await acollect(awrap_sse(response if how == "response" else response.content.iter_any()))

    assert_read_as_sent(path, *asyncio.run(main()))


# --- the openai SDK: its own Stream is the oracle ------------------------------


def sdk_answers(stream: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Every property of the SDK's own chunks, wrapped; and the message it failed with, if any."""
    openai = pytest.importorskip("openai")
    got = []
    try:
        for chunk in stream:
            got.append(OpenAICallResponseChunk(chunk))
    except openai.APIError as exc:
        return [every_answer(w) for w in got], exc.message
    return [every_answer(w) for w in got], None


def every_answer(w: Any) -> dict[str, Any]:
    found = answers(w)
    found["tool_calls"] = [_plain(t) for t in w.tool_calls]
    found["usage"] = _plain(w.usage)
    return found


def _plain(value: Any) -> Any:
    return value.model_dump(exclude_unset=True) if hasattr(value, "model_dump") else value


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
def test_sdk_with_streaming_response_equals_its_stream(capture_server: Any, path: Path) -> None:
    """with_streaming_response + wrap_sse answers as the SDK's own Stream, chunk for chunk, error and all."""
    openai = pytest.importorskip("openai")
    client = openai.OpenAI(
        api_key="test", base_url=capture_server.serve(path.read_bytes(), seed=7), max_retries=0
    )
    expected, message = sdk_answers(client.chat.completions.create(**REQUEST))
    with client.chat.completions.with_streaming_response.create(**REQUEST) as response:
        got, error = collect(wrap_sse(response))
    assert [every_answer(w) for w in got] == expected
    assert (error.message if isinstance(error, StreamError) else None) == message
    client.close()


@pytest.mark.parametrize("path", CHAT_STREAM_PARAMS)
def test_sdk_async_with_streaming_response_equals_its_stream(capture_server: Any, path: Path) -> None:
    """AsyncOpenAI: with_streaming_response + awrap_sse answers as the SDK's AsyncStream."""
    openai = pytest.importorskip("openai")
    url = capture_server.serve(path.read_bytes(), seed=8)

    async def main() -> None:
        client = openai.AsyncOpenAI(api_key="test", base_url=url, max_retries=0)
        expected: list[Any] = []
        message = None
        try:
            async for chunk in await client.chat.completions.create(**REQUEST):
                expected.append(every_answer(OpenAICallResponseChunk(chunk)))
        except openai.APIError as exc:
            message = exc.message
        async with client.chat.completions.with_streaming_response.create(**REQUEST) as response:
            got, error = await acollect(awrap_sse(response))
        assert [every_answer(w) for w in got] == expected
        assert (error.message if isinstance(error, StreamError) else None) == message
        await client.close()

    asyncio.run(main())


def test_sdk_raises_its_own_status_error_first(capture_server: Any) -> None:
    """Through the SDK, an HTTP error is the SDK's own APIStatusError, raised before wrap_sse runs."""
    openai = pytest.importorskip("openai")
    body = b'{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}'
    client = openai.OpenAI(api_key="test", base_url=capture_server.serve(body, status=401), max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
        client.chat.completions.with_streaming_response.create(**REQUEST).__enter__()
    client.close()


# --- HTTP errors: a StreamError before any chunk --------------------------------

ERROR_BODY = b'{"error": {"message": "Rate limit reached for gpt-4o", "type": "requests", "code": "rate_limit_exceeded"}}'


def assert_rate_limited(error: BaseException | None, got: list[Any]) -> None:
    assert got == []
    assert isinstance(error, StreamError)
    assert (error.message, error.status_code, error.body["code"]) == (
        "Rate limit reached for gpt-4o",
        429,
        "rate_limit_exceeded",
    )
    assert str(error) == "Rate limit reached for gpt-4o (HTTP 429)"


def test_http_error_httpx(capture_server: Any) -> None:
    """httpx: a 429 with a JSON error body is a StreamError with the server's message."""
    httpx = pytest.importorskip("httpx")
    with httpx.stream(
        "POST", capture_server.serve(ERROR_BODY, status=429, content_type="application/json")
    ) as r:
        got, error = collect(wrap_sse(r))
    assert_rate_limited(error, got)


def test_http_error_requests(capture_server: Any) -> None:
    """requests: the same, from its status_code."""
    requests = pytest.importorskip("requests")
    with requests.post(capture_server.serve(ERROR_BODY, status=429), stream=True) as r:
        assert_rate_limited(collect(wrap_sse(r))[1], [])


def test_http_error_aiohttp_and_httpx_async(capture_server: Any) -> None:
    """aiohttp (its status) and httpx's AsyncClient: the same, asynchronously."""
    aiohttp = pytest.importorskip("aiohttp")
    httpx = pytest.importorskip("httpx")
    url = capture_server.serve(ERROR_BODY, status=429)

    async def main() -> None:
        async with aiohttp.ClientSession() as session, session.post(url) as response:
            got, error = await acollect(awrap_sse(response))
            assert_rate_limited(error, got)
        async with httpx.AsyncClient() as client, client.stream("POST", url) as response:
            got, error = await acollect(awrap_sse(response))
            assert_rate_limited(error, got)

    asyncio.run(main())


def test_http_error_with_a_text_body(capture_server: Any) -> None:
    """A body that is not JSON gives its text as the message; an empty one, the status's name."""
    httpx = pytest.importorskip("httpx")
    with httpx.stream("GET", capture_server.serve(b"upstream timed out\n", status=504)) as r:
        error = collect(wrap_sse(r))[1]
    assert isinstance(error, StreamError) and (error.message, error.status_code) == (
        "upstream timed out",
        504,
    )
    with httpx.stream("GET", capture_server.serve(b"", status=503)) as r:
        error = collect(wrap_sse(r))[1]
    assert isinstance(error, StreamError)
    assert str(error) == "Service Unavailable: the server sent no body (HTTP 503)"


NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def test_http_error_with_an_html_page_gives_its_title(capture_server: Any) -> None:
    """A proxy's HTML error page: its title is the message, the page the body."""
    httpx = pytest.importorskip("httpx")
    url = capture_server.serve(NGINX_502, status=502, content_type="text/html")
    with httpx.stream("GET", url) as r:
        error = collect(wrap_sse(r))[1]
    assert isinstance(error, StreamError)
    assert (error.message, error.status_code) == ("502 Bad Gateway", 502)
    assert error.body == NGINX_502.decode().strip()
    untitled = b"<html><body>" + b"x" * 300 + b"</body></html>"
    with httpx.stream("GET", capture_server.serve(untitled, status=500, content_type="text/html")) as r:
        error = collect(wrap_sse(r))[1]
    assert isinstance(error, StreamError) and error.message == untitled.decode()[:200] + "..."


def test_a_stream_closed_early_closes_the_response(capture_server: Any) -> None:
    """Stopping after the first chunk closes the httpx response, which frees the connection."""
    httpx = pytest.importorskip("httpx")
    with httpx.stream("GET", capture_server.serve(CHAT_STREAMS[0].read_bytes())) as response:
        stream = wrap_sse(response)
        next(stream)
        assert not response.is_closed
        stream.close()
        assert response.is_closed


# --- the wrong front-end: a TypeError naming the other one ----------------------


def test_wrap_sse_on_async_responses_names_awrap_sse(capture_server: Any) -> None:
    """httpx's async Response (it has iter_bytes() too), and aiohttp's response and its content, in wrap_sse: a TypeError naming awrap_sse."""
    httpx = pytest.importorskip("httpx")
    aiohttp = pytest.importorskip("aiohttp")
    url = capture_server.serve(CHAT_STREAMS[0].read_bytes())

    async def main() -> None:
        async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
            with pytest.raises(TypeError, match=r"^this source is asynchronous: use awrap_sse\(\)$"):
                wrap_sse(response)
            assert [w.content async for w in awrap_sse(response)]  # still whole: nothing was read
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            for source in (response, response.content):
                with pytest.raises(TypeError, match=r"^this source is asynchronous: use awrap_sse\(\)$"):
                    wrap_sse(source)

    asyncio.run(main())


def test_awrap_sse_on_sync_responses_names_wrap_sse(capture_server: Any) -> None:
    """httpx's sync Response (it has aiter_bytes() too) and requests' Response in awrap_sse: a TypeError naming wrap_sse, the body unread."""
    httpx = pytest.importorskip("httpx")
    requests = pytest.importorskip("requests")
    url = capture_server.serve(CHAT_STREAMS[0].read_bytes())
    with httpx.stream("GET", url) as response:
        with pytest.raises(TypeError, match=r"^this source is synchronous: use wrap_sse\(\)$"):
            awrap_sse(response)
        assert [w.content for w in wrap_sse(response)]
    with requests.get(url, stream=True) as response:
        with pytest.raises(TypeError, match=r"^this source is synchronous: use wrap_sse\(\)$"):
            awrap_sse(response)
        assert [w.content for w in wrap_sse(response)]


def test_an_httpx_response_with_its_whole_body_reads_either_way() -> None:
    """An httpx Response built with its content (a stream both sync and async) works in both front-ends."""
    httpx = pytest.importorskip("httpx")
    body = CHAT_STREAMS[0].read_bytes()
    expected = [w.chunk for w in wrap_sse(body)]
    assert [w.chunk for w in wrap_sse(httpx.Response(200, content=body))] == expected

    async def main() -> list[Any]:
        return [w.chunk async for w in awrap_sse(httpx.Response(200, content=body))]

    assert asyncio.run(main()) == expected


def test_an_unframed_error_in_a_200_event_stream(capture_server: Any) -> None:
    """An error object sent with status 200 and Content-Type text/event-stream, unframed (as Gemini does): StreamError, its status from the body."""
    httpx = pytest.importorskip("httpx")
    body = b'{\n  "error": {\n    "code": 429,\n    "message": "Resource exhausted",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}\n'
    with httpx.stream("POST", capture_server.serve(body)) as response:
        got, error = collect(wrap_sse(response))
    assert got == [] and isinstance(error, StreamError)
    assert str(error) == "Resource exhausted (HTTP 429)"


def test_an_html_page_with_status_200(capture_server: Any) -> None:
    """A proxy's HTML page sent with status 200: ChunkError saying it is an HTML page, not an empty stream."""
    httpx = pytest.importorskip("httpx")
    page = b"<html><head><title>Access denied</title></head><body>" + b"x" * 500 + b"</body></html>"
    with httpx.stream("GET", capture_server.serve(page, content_type="text/html")) as response:
        got, error = collect(wrap_sse(response))
    assert got == [] and isinstance(error, ChunkError)
    assert str(error) == "<stream>: no events: an HTML page ('Access denied'), not an event stream"
