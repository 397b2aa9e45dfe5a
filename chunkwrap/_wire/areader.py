"""``awrap_sse``: ``wrap_sse`` for async byte streams, around the same ``ChunkReader``.

No asyncio here: an async generator needs none.
"""

# This module reads foreign objects, whose attribute types are unknown by
# nature; pyright's strict mode stays on for everything else.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false
from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Any, Optional

from .reader import AnyWireChunk, ChunkReader, Loads, http_status, httpx_stream
from .sse import DEFAULT_MAX_EVENT_BYTES


def awrap_sse(
    source: Any, *, loads: Optional[Loads] = None, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
) -> AsyncIterator[AnyWireChunk]:
    """:func:`wrap_sse` for an async source: an async iterable of bytes
    (``httpx.Response.aiter_bytes()``, aiohttp's ``response.content.iter_any()``),
    an object with ``aiter_bytes()`` (an async ``httpx.Response``), the openai
    SDK's ``AsyncAPIResponse``, or aiohttp's ``ClientResponse``; ``bytes`` too.

    The source is closed (``aclose()`` or ``close()``, awaited when it is a
    coroutine) when the stream ends or the consumer stops; use
    ``contextlib.aclosing`` to make that happen at once on ``break``.
    """
    pieces, close = _apieces(source)
    reader = ChunkReader(loads, max_event_bytes)
    return _aread(pieces, close, reader, http_status(source), max_event_bytes)


async def _aread(
    pieces: AsyncIterable[Any], close: Any, reader: ChunkReader, status: int | None, limit: int
) -> AsyncIterator[Any]:
    try:
        if status is not None and status >= 400:
            body = bytearray()
            async for piece in pieces:
                body += piece
                if len(body) > limit:
                    break
            raise reader.http_error(status, bytes(body[:limit]))
        async for piece in pieces:
            for wrapper in reader.feed(piece):
                yield wrapper
            if reader.stopped:
                break
        else:
            for wrapper in reader.end():
                yield wrapper
        if reader.failure is not None:
            raise reader.failure
    finally:
        if close is not None:
            result = close()
            if hasattr(result, "__await__"):
                await result


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


def _apieces(source: Any) -> tuple[AsyncIterable[Any], Any]:
    """What to iterate for bytes, and how to close the source (or None)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _once(bytes(source)), None
    if isinstance(source, str):
        raise TypeError("awrap_sse() reads bytes, not str: pass the raw body, or text.encode()")
    if httpx_stream(source) == "sync" or hasattr(source, "iter_content"):
        # A sync httpx Response (its aiter_bytes() fails), or requests'
        # Response (whose .content, read below, would read the whole body).
        raise TypeError("this source is synchronous: use wrap_sse()")
    close = getattr(source, "aclose", None) or getattr(source, "close", None)
    for name in ("aiter_bytes", "iter_bytes", "iter_any"):  # httpx, the openai SDK, aiohttp's StreamReader
        method = getattr(source, name, None)
        if method is not None:
            pieces = method()
            if not hasattr(pieces, "__aiter__"):
                raise TypeError("this source is synchronous: use wrap_sse()")
            return pieces, close
    content = getattr(source, "content", None)  # aiohttp's ClientResponse
    if content is not None and hasattr(content, "iter_any"):
        return content.iter_any(), close
    if hasattr(source, "__aiter__"):
        return source, close
    if hasattr(source, "__iter__"):
        raise TypeError("this source is synchronous: use wrap_sse()")
    raise TypeError(f"awrap_sse() needs bytes or an async byte stream, got {type(source).__name__}")
