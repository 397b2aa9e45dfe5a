"""``wrap_stream`` and ``awrap_stream``: a wrapper per chunk, the source closed when done.

No asyncio here: an async generator needs none, and importing asyncio
would cost every user of the sync API ~10 ms (``python -X importtime``).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

from ._pick import AnyChunkWrapper, wrap


def wrap_stream(stream: Iterable[Any]) -> Iterator[AnyChunkWrapper]:
    """Wrap each chunk of ``stream`` (the SDK's ``Stream`` or any iterable of
    SDK chunks or dicts) as it arrives.

    When the consumer stops early (``break``, an exception, ``close()``), the
    source's ``close()`` is called: the SDK's stream holds an HTTP connection.
    """
    try:
        for chunk in stream:
            yield wrap(chunk)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


async def awrap_stream(stream: AsyncIterable[Any]) -> AsyncIterator[AnyChunkWrapper]:
    """``wrap_stream`` for an async iterable (the SDK's ``AsyncStream``).

    The source is closed (``aclose()`` or ``close()``, awaited when it is a
    coroutine) when the consumer stops; use ``contextlib.aclosing`` to make
    that happen at once rather than when the generator is collected.
    """
    try:
        async for chunk in stream:
            yield wrap(chunk)
    finally:
        close = getattr(stream, "aclose", None) or getattr(stream, "close", None)
        if close is not None:
            result = close()
            if hasattr(result, "__await__"):
                await result
