"""wrap_stream and awrap_stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from chunkwrap import OpenAICallResponseChunk, OpenAIDictChunk, awrap_stream, wrap_stream

from .conftest import CAPTURES, chunk_dict, read_capture


class FakeStream:
    """Stands in for the SDK's Stream: iterable, with close()."""

    def __init__(self, chunks: list[Any]) -> None:
        self.chunks = chunks
        self.closed = 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed += 1


class FakeAsyncStream:
    """Stands in for the SDK's AsyncStream: async-iterable, with an async close()."""

    def __init__(self, chunks: list[Any]) -> None:
        self.chunks = chunks
        self.closed = 0

    async def __aiter__(self) -> AsyncIterator[Any]:
        for chunk in self.chunks:
            yield chunk

    async def close(self) -> None:
        self.closed += 1


def test_wrap_stream_yields_one_wrapper_per_chunk() -> None:
    """Each dict becomes an OpenAIDictChunk, in order."""
    dicts = read_capture(CAPTURES[0])
    wrapped = list(wrap_stream(dicts))
    assert [w.chunk for w in wrapped] == dicts
    assert all(type(w) is OpenAIDictChunk for w in wrapped)


def test_wrap_stream_of_sdk_chunks() -> None:
    """SDK chunks become OpenAICallResponseChunk."""
    openai = pytest.importorskip("openai")
    models = [openai.types.chat.ChatCompletionChunk.model_validate(d) for d in read_capture(CAPTURES[0])]
    assert all(type(w) is OpenAICallResponseChunk for w in wrap_stream(models))


def test_source_closed_when_consumer_stops_early() -> None:
    """Breaking out of the loop closes the source."""
    source = FakeStream([chunk_dict(delta={"content": str(i)}) for i in range(5)])
    for w in wrap_stream(source):
        if w.content == "1":
            break
    assert source.closed == 1


def test_source_closed_on_explicit_close_and_on_error() -> None:
    """close() on the iterator, or an exception in the consumer, closes the source."""
    source = FakeStream([chunk_dict()] * 3)
    it = wrap_stream(source)
    next(it)
    it.close()
    assert source.closed == 1
    source2 = FakeStream([chunk_dict()] * 3)
    with pytest.raises(RuntimeError):
        for _ in wrap_stream(source2):
            raise RuntimeError("consumer failed")
    assert source2.closed == 1


def test_plain_iterables_need_no_close() -> None:
    """A generator or list works; nothing to close."""
    assert [w.content for w in wrap_stream(chunk_dict(delta={"content": c}) for c in "ab")] == ["a", "b"]


def test_awrap_stream_and_async_close() -> None:
    """awrap_stream wraps each chunk and awaits the source's async close() when stopped."""

    async def consume() -> tuple[list[str], FakeAsyncStream]:
        source = FakeAsyncStream([chunk_dict(delta={"content": c}) for c in "abc"])
        seen = []
        stream = awrap_stream(source)
        async for w in stream:
            seen.append(w.content)
            if w.content == "b":
                break
        await stream.aclose()
        return seen, source

    seen, source = asyncio.run(consume())
    assert seen == ["a", "b"]
    assert source.closed == 1


def test_awrap_stream_full_run_with_sync_close() -> None:
    """A source whose close() is synchronous is closed too, after a full run."""

    class SyncClose(FakeAsyncStream):
        def close(self) -> None:  # type: ignore[override]
            self.closed += 1

    async def consume() -> tuple[list[str], SyncClose]:
        source = SyncClose([chunk_dict(delta={"content": c}) for c in "xy"])
        return [w.content async for w in awrap_stream(source)], source

    seen, source = asyncio.run(consume())
    assert (seen, source.closed) == (["x", "y"], 1)


def test_captures_exist() -> None:
    """The twelve real captures are present."""
    assert len(CAPTURES) == 12
    assert all(isinstance(p, Path) for p in CAPTURES)
